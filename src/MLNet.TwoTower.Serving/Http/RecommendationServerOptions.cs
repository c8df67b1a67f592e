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

    /// <summary>
    /// HNSW efSearch to serve with, overriding the one the package's index was saved with (default 320): lower answers
    /// faster and finds less of the true top-k (at 1M trained items, recall@10 0.954 at 320, 0.876 at 128, 0.767 at 64;
    /// eng/bench/results/retrieval). Null keeps the saved value; an exact index ignores it.
    /// </summary>
    public int? ExpansionSearch { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory))
            throw new ArgumentException("The package folder is required (--model DIR).", nameof(ModelDirectory));
        if (MaxK <= 0)
            throw new ArgumentException($"{nameof(MaxK)} must be positive; got {MaxK}.", nameof(MaxK));
        if (ExpansionSearch is < 1)
            throw new ArgumentException($"{nameof(ExpansionSearch)} (efSearch) must be at least 1; got {ExpansionSearch}.", nameof(ExpansionSearch));
        if (ReloadInterval < TimeSpan.Zero)
            throw new ArgumentException($"{nameof(ReloadInterval)} must not be negative.", nameof(ReloadInterval));
    }
}
