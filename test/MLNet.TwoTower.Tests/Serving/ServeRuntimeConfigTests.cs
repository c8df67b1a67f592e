using System.Globalization;
using System.Text.Json;

namespace MLNet.TwoTower.Tests.Serving;

/// <summary>
/// `twotower serve` runs with thread-pool workers that block instead of spinning when idle: with spinning the server
/// spent about twice the CPU per request at 1,000 req/s on 2 cores (eng/bench/README.md, "Serving"). The setting lives
/// in the CLI's runtimeconfig.json, where a project edit could silently drop it.
/// </summary>
public sealed class ServeRuntimeConfigTests
{
    [Fact]
    public void TwotowerRuntimeConfig_TurnsThePoolsSpinningOff()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "twotower.runtimeconfig.json");
        Assert.True(File.Exists(config), $"{config} is missing: the tests run the CLI from their output folder.");
        using var json = JsonDocument.Parse(File.ReadAllText(config));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var limit),
            $"{config} does not set System.Threading.ThreadPool.UnfairSemaphoreSpinLimit.");
        var value = limit.ValueKind == JsonValueKind.String ? int.Parse(limit.GetString()!, CultureInfo.InvariantCulture) : limit.GetInt32();
        Assert.Equal(0, value);
    }
}
