using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MLNet.TwoTower.Serving.Http;

/// <summary>Checks the package pointer every <see cref="RecommendationServerOptions.ReloadInterval"/> and swaps in new versions.</summary>
internal sealed class PackageReloadService(PackageHolder holder, RecommendationServerOptions options, ILogger<PackageReloadService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ReloadInterval == TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(options.ReloadInterval);
        Exception? reported = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Loading is CPU work; keep it off the request threads' way as far as the pool allows.
            if (await Task.Run(holder.ReloadIfChanged, stoppingToken))
                logger.LogInformation("Serving package version {Version}.", holder.Version);
            if (holder.LastReloadError is { } error && error != reported)
                logger.LogError("A new package version could not be loaded; still serving {Version}: {Message}", holder.Version, error.Message);
            reported = holder.LastReloadError;
        }
    }
}
