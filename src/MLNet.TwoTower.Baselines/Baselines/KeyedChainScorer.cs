using MLNet.TwoTower.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// The ITransformer work shared by the baseline transformers: check the key columns (present, key typed, same key
/// count as in training — a key fitted on other data would silently score the wrong rows), then delegate to the
/// saved-form chain. The chain (ONNX graph and its runtime session) is built on first use, so <c>Fit</c> costs only
/// the training itself.
/// </summary>
internal static class KeyedChainScorer
{
    public static CheckedChain Create(Func<TransformerChain<ITransformer>> buildChain, IReadOnlyList<(string Column, int KeyCount, string Role)> keys) =>
        new(buildChain, schema => CheckKeys(schema, keys));

    private static void CheckKeys(DataViewSchema schema, IReadOnlyList<(string Column, int KeyCount, string Role)> keys)
    {
        foreach (var (column, keyCount, role) in keys)
        {
            int found = ColumnReader.CheckKey(schema, column, role);
            if (found != keyCount)
                throw new ArgumentException(
                    $"Column '{column}' ({role}) has {found} keys but the model was trained on {keyCount}. Map the ids with the " +
                    "same fitted MapValueToKey transformer (or a key mapping fitted on the same data) as in training.", nameof(schema));
        }
    }
}
