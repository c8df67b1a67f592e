using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Serving.Http;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Tests.Serving;

/// <summary>The service booted in memory (TestHost) over a real package.</summary>
[Collection(TorchCollection.Name)]
public sealed class RecommendationEndpointsTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private readonly TrainedPackageFixture _fixture = TrainedPackageFixture.Shared;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private string Folder => _temp.File("model");

    public async Task InitializeAsync()
    {
        _fixture.Save(Folder, "first");
        _app = RecommendationServer.Build(new RecommendationServerOptions { ModelDirectory = Folder, ReloadInterval = TimeSpan.FromMilliseconds(50) },
            builder => builder.WebHost.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task KnownUser_TopK_MatchesThePackage()
    {
        var response = await _client.GetFromJsonAsync<RecommendationResponse>("/users/u07/recommendations?k=5");
        using var package = MLNet.TwoTower.Serving.Package.RecommendationPackage.Open(Folder);
        Assert.Equal(package.RecommendForUser("u07", 5).Select(r => r.ItemId), response!.Items.Select(i => i.ItemId));
        Assert.Equal("u07", response.UserId);
        Assert.Equal(package.Version, response.Version);
        Assert.Equal(10, (await _client.GetFromJsonAsync<RecommendationResponse>("/users/u07/recommendations"))!.Items.Count);
    }

    [Fact]
    public async Task NewUser_SimilarItems_Health_Model_Answer()
    {
        var fresh = await _client.PostAsync("/recommendations?k=3", Json("{\"age\": 31, \"occupation\": \"teacher\", \"self_introduction\": \"Jazz and hiking.\", \"region\": null}"));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(3, (await fresh.Content.ReadFromJsonAsync<RecommendationResponse>())!.Items.Count);

        var similar = await _client.GetFromJsonAsync<RecommendationResponse>($"/items/{_fixture.ItemWithoutInteractions}/similar?k=4");
        Assert.Equal(4, similar!.Items.Count);
        Assert.Equal(_fixture.ItemWithoutInteractions, similar.ItemId);

        var health = await _client.GetFromJsonAsync<HealthResponse>("/healthz");
        Assert.Equal("ok", health!.Status);
        using var model = JsonDocument.Parse(await _client.GetStringAsync("/model"));
        var metadata = model.RootElement.GetProperty("metadata");
        Assert.Equal("first", metadata.GetProperty("dataset").GetString());
        Assert.Equal("Numeric", metadata.GetProperty("profileFields")[0].GetProperty("kind").GetString());
        Assert.True(model.RootElement.GetProperty("files").GetArrayLength() >= 9);
        Assert.Equal("Exact", model.RootElement.GetProperty("index").GetString());
        Assert.Equal(JsonValueKind.Null, model.RootElement.GetProperty("expansionSearch").ValueKind);
    }

    [Fact]
    public async Task Model_HnswServedWithEfSearch_ReportsIt_AndAnswers()
    {
        var folder = _temp.File("hnsw");
        RecommendationPackage.Save(folder, _fixture.Ml, _fixture.Content() with { IndexOptions = new ItemIndexOptions { Kind = ItemIndexKind.Hnsw } });
        await using var app = RecommendationServer.Build(new RecommendationServerOptions { ModelDirectory = folder, ExpansionSearch = 24 },
            builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        var client = app.GetTestClient();

        using var model = JsonDocument.Parse(await client.GetStringAsync("/model"));
        var answer = await client.GetAsync("/users/u07/recommendations?k=5");

        Assert.Equal("Hnsw", model.RootElement.GetProperty("index").GetString());
        Assert.Equal(24, model.RootElement.GetProperty("expansionSearch").GetInt32());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Throws<ArgumentException>(() => RecommendationServer.Build(new RecommendationServerOptions { ModelDirectory = folder, ExpansionSearch = 0 }));
        await app.StopAsync();
    }

    [Theory]
    [InlineData("/users/nobody/recommendations")]
    [InlineData("/items/nothing/similar")]
    public async Task Unknown_UserOrItem_Is404ProblemDetails(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("not among", problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1001")]
    [InlineData("99999999999999")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task BadK_Is400(string k)
    {
        foreach (var response in new[]
        {
            await _client.GetAsync($"/users/u07/recommendations?k={Uri.EscapeDataString(k)}"),
            await _client.GetAsync($"/items/i01/similar?k={Uri.EscapeDataString(k)}"),
            await _client.PostAsync($"/recommendations?k={Uri.EscapeDataString(k)}", Json("{\"age\": 30}")),
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task BadBodies_AreAll400ProblemDetails_NeverA500()
    {
        string[] bodies =
        [
            "", "{", "[]", "null", "42", "\"age\"", "{\"age\": \"thirty\"}", "{\"age\": 1e30}", "{\"age\": -1e30}", "{\"age\": 1e400}",
            "{\"age\": true}", "{\"age\": {}}", "{\"age\": [30]}", "{\"shoe_size\": 44}", "{\"occupation\": 5}", "{\"occupation\": [\"a\"]}",
            "{\"self_introduction\": {\"nested\": 1}}", "{\"age\": 30, \"age\": 31}", "{\"AGE\": 30}", "{\"\": 1}",
            "{\"self_introduction\": \"" + new string('x', 20_000) + "\"}", new string('[', 5000) + new string(']', 5000),
            "{\"age\": 30} trailing", "{\"age\": NaN}", "{\"age\": Infinity}", "\u0000", "{\"age\": 30,}",
        ];
        foreach (var body in bodies)
        {
            var response = await _client.PostAsync("/recommendations", Json(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body[..Math.Min(body.Length, 60)]} → {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task NewPackageVersion_IsSwappedInWithoutDroppingRequests()
    {
        var before = (await _client.GetFromJsonAsync<HealthResponse>("/healthz"))!.Version;
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        int answered = 0;
        var versions = new HashSet<string>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await _client.GetAsync("/users/u07/recommendations?k=5");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    lock (failures) failures.Add($"{(int)response.StatusCode} {text}");
                }
                else
                {
                    var body = await response.Content.ReadFromJsonAsync<RecommendationResponse>();
                    lock (versions) versions.Add(body!.Version);
                }
                Interlocked.Increment(ref answered);
            }
        })).ToArray();

        var next = Path.GetFileName(_fixture.Save(Folder, "second"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await _client.GetFromJsonAsync<HealthResponse>("/healthz"))!.Version != next && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await Task.Delay(200);
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.True(answered > 10, $"{answered} requests");
        Assert.Equal(next, (await _client.GetFromJsonAsync<HealthResponse>("/healthz"))!.Version);
        Assert.Contains(next, versions);
        Assert.NotEqual(before, next);
        using var model = JsonDocument.Parse(await _client.GetStringAsync("/model"));
        Assert.Equal("second", model.RootElement.GetProperty("metadata").GetProperty("dataset").GetString());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
