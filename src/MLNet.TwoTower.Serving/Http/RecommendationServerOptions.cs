namespace MLNet.TwoTower.Serving.Http;

/// <summary>Options of the recommendation service (<c>twotower serve</c>).</summary>
public sealed class RecommendationServerOptions
{
    /// <summary>The package folder (written by <c>twotower train --out</c>). Required.</summary>
    public string ModelDirectory { get; set; } = "";

    /// <summary>
    /// The URLs to listen on, separated by ';'. Default <c>http://127.0.0.1:5080</c> (loopback only: put a reverse
    /// proxy in front to expose it).
    /// </summary>
    public string Urls { get; set; } = ServingDefaults.Urls;

    /// <summary>
    /// How often the folder's <c>current</c> pointer is checked; a new version is loaded in full and swapped in
    /// without dropping requests. Default 1 s; <see cref="TimeSpan.Zero"/> turns reloading off.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = ServingDefaults.ReloadInterval;

    /// <summary>The largest <c>k</c> a request may ask for (default 1000); larger asks are answered 400.</summary>
    public int MaxK { get; set; } = ServingDefaults.MaxK;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory))
            throw new ArgumentException("The package folder is required (--model DIR).", nameof(ModelDirectory));
        if (MaxK <= 0)
            throw new ArgumentException($"{nameof(MaxK)} must be positive; got {MaxK}.", nameof(MaxK));
        if (ReloadInterval < TimeSpan.Zero)
            throw new ArgumentException($"{nameof(ReloadInterval)} must not be negative.", nameof(ReloadInterval));
    }
}
