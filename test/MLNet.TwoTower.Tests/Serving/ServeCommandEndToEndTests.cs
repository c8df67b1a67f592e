using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using MLNet.TwoTower.Serving.Http;

namespace MLNet.TwoTower.Tests.Serving;

/// <summary>`twotower serve` as a user runs it, in its own process, called over loopback with a real HttpClient.</summary>
[Collection(TorchCollection.Name)]
public sealed class ServeCommandEndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Serve_OverLoopback_AnswersKnownAndNewUsers()
    {
        var folder = _temp.File("model");
        TrainedPackageFixture.Shared.Save(folder);
        int port = FreePort();
        var cli = Path.Combine(AppContext.BaseDirectory, "twotower.dll");
        Assert.True(File.Exists(cli), cli);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { cli, "serve", "--model", folder, "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            HealthResponse? health = null;
            while (health is null)
            {
                if (process.HasExited)
                    Assert.Fail($"serve exited with {process.ExitCode}: {await errors} {await output}");
                Assert.True(DateTime.UtcNow < deadline, "serve did not answer /healthz within 90 s");
                try
                {
                    health = await client.GetFromJsonAsync<HealthResponse>("/healthz");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }
            Assert.Equal("ok", health.Status);
            var known = await client.GetFromJsonAsync<RecommendationResponse>("/users/u07/recommendations?k=3");
            Assert.Equal(3, known!.Items.Count);
            var fresh = await client.PostAsJsonAsync("/recommendations?k=2", new { age = 40, self_introduction = "Board games." });
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/recommendations", new { age = 1e30 })).StatusCode);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
