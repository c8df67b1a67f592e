namespace MLNet.TwoTower.Serving.Http;

/// <summary>Defaults of the recommendation service, written once.</summary>
internal static class ServingDefaults
{
    /// <summary>Where <c>twotower serve</c> listens by default (loopback only).</summary>
    public const string Urls = "http://127.0.0.1:5080";

    /// <summary>Items per answer when the request gives no <c>k</c>.</summary>
    public const int K = 10;

    /// <summary>The largest <c>k</c> a request may ask for.</summary>
    public const int MaxK = 1000;

    /// <summary>How often the package folder's pointer is checked for a new version.</summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(1);
}
