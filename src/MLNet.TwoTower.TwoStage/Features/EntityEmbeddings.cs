using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// Every user's and item's tower outputs, by key: the embeddings (whose dot product is <c>RetrievalScore</c>) and,
/// when the towers have a ranking head, the user's ranking vector (its dot product with the item embedding is the
/// towers' <c>Score</c>). Computed by running each tower over one row per key; keys without a row have none.
/// </summary>
internal sealed class EntityEmbeddings
{
    private EntityEmbeddings(float[]?[] users, float[]?[] userRanking, float[]?[] items, int dimension)
    {
        Users = users;
        UserRanking = userRanking;
        Items = items;
        Dimension = dimension;
    }

    /// <summary>Indexed by key (index 0, the missing key, is null).</summary>
    public float[]?[] Users { get; }

    /// <summary>Indexed by key; null everywhere when the towers have no ranking head.</summary>
    public float[]?[] UserRanking { get; }

    /// <summary>Indexed by key (index 0, the missing key, is null).</summary>
    public float[]?[] Items { get; }

    public int Dimension { get; }

    /// <summary>
    /// Embeds the users and items of <paramref name="userRows"/> and <paramref name="itemRows"/> (any rows carrying the
    /// key and feature columns the towers read; a key seen twice keeps its first row).
    /// </summary>
    public static EntityEmbeddings Compute(TwoTowerTransformer towers, IDataView userRows, IDataView itemRows)
    {
        var parameters = towers.Parameters;
        var ranking = towers.UserTower.GetOutputSchema(userRows.Schema).GetColumnOrNull(DefaultColumnNames.UserRankingEmbedding) is not null;
        var users = Read(towers.UserTower.Transform(userRows), parameters.UserIdColumnName, DefaultColumnNames.UserEmbedding,
            ranking ? DefaultColumnNames.UserRankingEmbedding : null, parameters.UserKeyCount);
        var items = Read(towers.ItemTower.Transform(itemRows), parameters.ItemIdColumnName, DefaultColumnNames.ItemEmbedding,
            null, parameters.ItemKeyCount);
        return new EntityEmbeddings(users.Embeddings, users.Ranking, items.Embeddings, parameters.UserTower.OutputSize);
    }

    /// <summary>Embeds one row per key of <paramref name="data"/> (the training data).</summary>
    public static EntityEmbeddings Compute(TwoTowerTransformer towers, IDataView data, InteractionTable table) =>
        Compute(towers, Subset(data, table.FirstRowOfUser(), table.Count), Subset(data, table.FirstRowOfItem(), table.Count));

    private static RowSubsetDataView Subset(IDataView data, int[] firstRows, int rowCount)
    {
        var keep = new bool[rowCount];
        foreach (var row in firstRows)
            if (row >= 0)
                keep[row] = true;
        return new RowSubsetDataView(data, keep);
    }

    private static (float[]?[] Embeddings, float[]?[] Ranking) Read(IDataView scored, string keyColumn, string embeddingColumn,
        string? rankingColumn, int keyCount)
    {
        var embeddings = new float[]?[keyCount + 1];
        var ranking = new float[]?[keyCount + 1];
        var byKey = UserEmbeddingReader.ReadByKey(scored, keyColumn, rankingColumn is null ? [embeddingColumn] : [embeddingColumn, rankingColumn]);
        foreach (var (key, vectors) in byKey)
        {
            if (key > keyCount)
                continue;
            embeddings[key] = vectors[0];
            if (rankingColumn is not null)
                ranking[key] = vectors[1];
        }
        return (embeddings, ranking);
    }
}
