using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MLNet.TwoTower.Serving.Http;

/// <summary>The composition root of <c>twotower serve</c>: one package, loaded once, behind the recommendation endpoints.</summary>
public static class RecommendationServer
{
    /// <summary>
    /// Registers the package of <paramref name="options"/> (opened now, so a bad package fails at start-up with the
    /// file named), its reload loop and problem details.
    /// </summary>
    public static IServiceCollection AddRecommendationPackage(this IServiceCollection services, RecommendationServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(new PackageHolder(options.ModelDirectory, expansionSearch: options.ExpansionSearch));
        services.AddHostedService<PackageReloadService>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        return services;
    }

    /// <summary>
    /// Builds the service: <paramref name="configure"/> may adjust the builder (tests use an in-memory server).
    /// Listens on <see cref="RecommendationServerOptions.Urls"/> unless <paramref name="configure"/> says otherwise.
    /// </summary>
    public static WebApplication Build(RecommendationServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MLNet.TwoTower.Serving", LogLevel.Information);
        builder.Services.AddRecommendationPackage(options);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapRecommendationEndpoints();
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<PackageHolder>().Dispose());
        return app;
    }

    /// <summary>Runs the service until <paramref name="cancellationToken"/> fires (Ctrl+C in <c>twotower serve</c>).</summary>
    public static async Task RunAsync(RecommendationServerOptions options, CancellationToken cancellationToken = default)
    {
        await using var app = Build(options);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
