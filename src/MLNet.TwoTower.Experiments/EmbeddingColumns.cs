using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Evaluation;

namespace MLNet.TwoTower.Experiments;

/// <summary>
/// Full-catalog evaluation needs every user's and item's embedding. Any fitted pipeline that writes
/// <c>UserEmbedding</c> and <c>ItemEmbedding</c> columns (a Two-Tower model alone, or behind matrix-factorization
/// features) gives them when run over one row per user and one row per item.
/// </summary>
internal static class EmbeddingColumns
{
    public const string User = "UserEmbedding";
    public const string Item = "ItemEmbedding";

    public static EmbeddingExtractor Extractor(PreparedData data) => model =>
    {
        var users = Read(model.Transform(data.UserRows()), User);
        var items = Read(model.Transform(data.ItemRows()), Item);
        int dimension = users.Length == 0 ? 0 : users[0].Length;
        return new EmbeddingTables(users.SelectMany(v => v).ToArray(), items.SelectMany(v => v).ToArray(), dimension);
    };

    private static float[][] Read(IDataView scored, string column) =>
        // GetColumn copies each row out, so the getter's reused buffer is never aliased.
        scored.GetColumn<float[]>(column).ToArray();
}
