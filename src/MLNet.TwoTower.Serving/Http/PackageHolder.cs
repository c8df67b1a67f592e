using Microsoft.ML;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Serving.Http;

/// <summary>
/// Holds the package being served and swaps in a new version without dropping requests: a request takes a lease on
/// the current package; <see cref="ReloadIfChanged"/> loads a new version in full (checksums verified), swaps the
/// reference atomically, and the old package is disposed when its last lease ends.
/// </summary>
public sealed class PackageHolder : IDisposable
{
    private readonly string _directory;
    private readonly MLContext _ml;
    private readonly int? _expansionSearch;
    private readonly object _reloadLock = new();
    private Counted _current;

    /// <summary>
    /// Opens the current version of the package in <paramref name="directory"/>; every version is opened with
    /// <paramref name="expansionSearch"/> (see <see cref="RecommendationPackage.Open"/>).
    /// </summary>
    public PackageHolder(string directory, MLContext? ml = null, int? expansionSearch = null)
    {
        _directory = directory;
        _ml = ml ?? new MLContext(seed: 0);
        _expansionSearch = expansionSearch;
        _current = new Counted(RecommendationPackage.Open(directory, _ml, expansionSearch));
    }

    /// <summary>The version being served.</summary>
    public string Version => Volatile.Read(ref _current).Package.Version;

    /// <summary>How many times a new version was swapped in.</summary>
    public int Reloads { get; private set; }

    /// <summary>The last reload failure (a damaged new version keeps the old one serving), or null.</summary>
    public Exception? LastReloadError { get; private set; }

    /// <summary>A lease on the current package; dispose it when the request is done.</summary>
    public Lease Acquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (current.TryAddReference())
                return new Lease(current);
        }
    }

    /// <summary>
    /// Loads and swaps in the version the package pointer names when it differs from the one served.
    /// A version that fails to load is reported in <see cref="LastReloadError"/> and the old one keeps serving.
    /// </summary>
    /// <returns>Whether a new version was swapped in.</returns>
    public bool ReloadIfChanged()
    {
        lock (_reloadLock)
        {
            string? pointed;
            try
            {
                pointed = PackageStore.ReadPointerOrNull(Path.GetFullPath(_directory));
            }
            catch (IOException e)
            {
                LastReloadError = e;
                return false;
            }
            if (pointed is null || pointed == Version)
                return false;
            RecommendationPackage next;
            try
            {
                next = RecommendationPackage.Open(_directory, _ml, _expansionSearch);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
            {
                LastReloadError = e;
                return false;
            }
            var old = Interlocked.Exchange(ref _current, new Counted(next));
            old.Release();
            Reloads++;
            LastReloadError = null;
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Volatile.Read(ref _current).Release();

    /// <summary>A package with a reference count: the holder's own reference plus one per lease.</summary>
    internal sealed class Counted(RecommendationPackage package)
    {
        private int _references = 1;

        public RecommendationPackage Package { get; } = package;

        public bool TryAddReference()
        {
            while (true)
            {
                int seen = Volatile.Read(ref _references);
                if (seen == 0)
                    return false;
                if (Interlocked.CompareExchange(ref _references, seen + 1, seen) == seen)
                    return true;
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
                Package.Dispose();
        }
    }

    /// <summary>The package a request uses; it stays open until the lease is disposed.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly Counted _counted;

        internal Lease(Counted counted) => _counted = counted;

        /// <summary>The package.</summary>
        public RecommendationPackage Package => _counted.Package;

        /// <inheritdoc />
        public void Dispose() => _counted.Release();
    }
}
