using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Tests.Retrieval;

/// <summary>
/// <see cref="UserEmbeddingReader.ReadByKey(IDataView, string, IReadOnlyList{string})"/>: the one by-key reader that
/// the recommender (embeddings) and the two-stage features (embeddings and ranking vectors, one pass) share.
/// </summary>
public sealed class EmbeddingReaderTests
{
    private sealed class Row
    {
        public uint UserId { get; set; }

        public float[] UserEmbedding { get; set; } = [];

        public float[] UserRankingEmbedding { get; set; } = [];
    }

    private static IDataView Rows(MLContext ml, params (uint Key, float[] Embedding, float[] Ranking)[] rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.UserId)].ColumnType = new KeyDataViewType(typeof(uint), 10);
        schema[nameof(Row.UserEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single);
        schema[nameof(Row.UserRankingEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single);
        // A POCO key value v is ML.NET key v + 1.
        return ml.Data.LoadFromEnumerable(rows.Select(r => new Row
        {
            UserId = r.Key - 1,
            UserEmbedding = r.Embedding,
            UserRankingEmbedding = r.Ranking,
        }), schema);
    }

    [Fact]
    public void ReadByKey_TwoColumns_FirstRowOfEachKeyWins_ForBothColumnsAlike()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, (2, [1f, 2f], [3f]), (1, [4f, 5f], [6f]), (2, [7f, 8f], [9f]));

        var byKey = UserEmbeddingReader.ReadByKey(data, "UserId", ["UserEmbedding", "UserRankingEmbedding"]);

        Assert.Equal([1u, 2u], byKey.Keys.Order());
        Assert.Equal([[4f, 5f], [6f]], byKey[1]);
        Assert.Equal([[1f, 2f], [3f]], byKey[2]);
        Assert.Equal(byKey.ToDictionary(e => e.Key, e => e.Value[0]), UserEmbeddingReader.ReadByKey(data, "UserId", "UserEmbedding"));
    }

    [Fact]
    public void ReadByKey_NonFiniteSecondColumn_ThrowsNamingThatColumnAndRow()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, (1, [1f, 2f], [3f]), (2, [4f, 5f], [float.PositiveInfinity]));

        var error = Assert.Throws<ArgumentException>(() =>
            UserEmbeddingReader.ReadByKey(data, "UserId", ["UserEmbedding", "UserRankingEmbedding"]));

        Assert.Contains("'UserRankingEmbedding' row 1", error.Message);
    }
}
