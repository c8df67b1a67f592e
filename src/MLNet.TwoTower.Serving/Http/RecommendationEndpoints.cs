using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Serving.Http;

/// <summary>
/// The recommendation endpoints: each answers from one lease on the current package, with RFC 7807 problem details
/// for bad input (400) and unknown users or items (404).
/// </summary>
public static class RecommendationEndpoints
{
    /// <summary>
    /// Maps <c>GET /users/{id}/recommendations?k=</c>, <c>POST /recommendations?k=</c> (a new user's profile as the
    /// JSON body), <c>GET /items/{id}/similar?k=</c>, <c>GET /healthz</c> and <c>GET /model</c>. Needs a
    /// <see cref="PackageHolder"/> and <see cref="RecommendationServerOptions"/> in the services
    /// (<see cref="RecommendationServer.AddRecommendationPackage"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapRecommendationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/users/{id}/recommendations", ForUser);
        endpoints.MapPost("/recommendations", ForNewUser);
        endpoints.MapGet("/items/{id}/similar", Similar);
        endpoints.MapGet("/healthz", (PackageHolder holder) =>
            TypedResults.Ok(new HealthResponse("ok", holder.Version, holder.Reloads, holder.LastReloadError?.Message)));
        endpoints.MapGet("/model", (PackageHolder holder) =>
        {
            using var lease = holder.Acquire();
            var package = lease.Package;
            return TypedResults.Ok(new ModelResponse(package.Version, package.Manifest.CreatedUtc, package.Metadata, package.Manifest.Files,
                package.IndexKind.ToString(), package.ExpansionSearch));
        });
        return endpoints;
    }

    private static Results<Ok<RecommendationResponse>, ProblemHttpResult> ForUser(
        string id, string? k, PackageHolder holder, RecommendationServerOptions options) =>
        Answer(k, options, holder, (package, top) => new RecommendationResponse(package.Version, id, null, Items(package.RecommendForUser(id, top))));

    private static Results<Ok<RecommendationResponse>, ProblemHttpResult> Similar(
        string id, string? k, PackageHolder holder, RecommendationServerOptions options) =>
        Answer(k, options, holder, (package, top) => new RecommendationResponse(package.Version, null, id, Items(package.SimilarItems(id, top))));

    private static async Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> ForNewUser(
        HttpRequest request, string? k, PackageHolder holder, RecommendationServerOptions options)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return BadRequest("The body is not valid JSON", $"Send a new user's profile as a JSON object, e.g. {{\"age\": 31}}: {e.Message}");
        }
        using (body)
        {
            var root = body.RootElement;
            return Answer(k, options, holder, (package, top) =>
            {
                var profile = ProfileJson.Read(root, package.Metadata.ProfileFields);
                return new RecommendationResponse(package.Version, null, null, Items(package.RecommendForNewUser(profile, top)));
            });
        }
    }

    /// <summary>Parses k, leases the package, and turns the library's exceptions into problem details.</summary>
    private static Results<Ok<RecommendationResponse>, ProblemHttpResult> Answer(string? k, RecommendationServerOptions options,
        PackageHolder holder, Func<RecommendationPackage, int, RecommendationResponse> answer)
    {
        int top = ServingDefaults.K;
        if (k is not null && (!int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top < 1 || top > options.MaxK))
            return BadRequest("Invalid k", $"k must be a whole number from 1 to {options.MaxK}; got '{k}'.");
        using var lease = holder.Acquire();
        try
        {
            return TypedResults.Ok(answer(lease.Package, top));
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }
        catch (ArgumentException e)
        {
            return BadRequest("Invalid profile", e.Message);
        }
        catch (InvalidOperationException e) when (!lease.Package.AcceptsNewUsers)
        {
            return BadRequest("New users are not supported by this model", e.Message);
        }
    }

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title);

    private static RecommendedItem[] Items(IReadOnlyList<Recommendation> items)
    {
        var result = new RecommendedItem[items.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = new RecommendedItem(items[i].ItemId, items[i].Score);
        return result;
    }
}
