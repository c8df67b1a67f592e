using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>A row as the trainer reads it (ids are 0-based here; LoadFromEnumerable makes them 1-based keys).</summary>
public sealed class SyntheticRow
{
    public uint UserId { get; set; }
    public uint ItemId { get; set; }
    public float[] UserFeatures { get; set; } = [];
    public float[] ItemFeatures { get; set; } = [];
    public float Label { get; set; }
}

/// <summary>
/// Random interactions streamed lazily: each row points at its user's and item's shared feature arrays, so the data
/// view itself costs entity tables, not interactions × width, and the measured peak is the trainer's.
/// </summary>
internal static class SyntheticInteractions
{
    public static IDataView Create(MLContext ml, BenchmarkSpec spec)
    {
        var random = new Random(spec.Seed);
        float[][] Table(int count) => Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, spec.Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())
            .ToArray();
        var users = Table(spec.Users);
        var items = Table(spec.Items);

        IEnumerable<SyntheticRow> Rows()
        {
            var pairs = new Random(spec.Seed + 1);
            for (var n = 0; n < spec.Interactions; n++)
            {
                var u = pairs.Next(spec.Users);
                var i = pairs.Next(spec.Items);
                yield return new SyntheticRow
                {
                    UserId = (uint)u, ItemId = (uint)i, UserFeatures = users[u], ItemFeatures = items[i], Label = 5f,
                };
            }
        }

        var definition = SchemaDefinition.Create(typeof(SyntheticRow));
        definition[nameof(SyntheticRow.UserId)].ColumnType = new KeyDataViewType(typeof(uint), spec.Users);
        definition[nameof(SyntheticRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), spec.Items);
        definition[nameof(SyntheticRow.UserFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, spec.Width);
        definition[nameof(SyntheticRow.ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, spec.Width);
        return ml.Data.LoadFromEnumerable(Rows(), definition);
    }
}
