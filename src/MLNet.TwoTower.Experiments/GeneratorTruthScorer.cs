using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Evaluation;

namespace MLNet.TwoTower.Experiments;

/// <summary>
/// The <see cref="ReferenceExperiment.Oracle"/> row: each protocol ranked by the pseudo generator's own probabilities
/// (<see cref="PseudoDatasetTruth"/>), the best ranking any model can learn from the data — a ceiling, not a model.
/// A rating protocol orders a user's rated items by P(rating ≥ threshold). A catalogue protocol orders items by the
/// probability that the item is one of the user's relevant test items given that it is not a training item:
/// π·p·f / (1 − (1 − f)·π), with π the probability that the user rates the item, p that the rating is relevant (1 in
/// implicit mode) and f the share of a rated item's rows the protocol puts in test (the test fraction for the warm split,
/// the implicit test fraction for the per-user split, 1 for held-out users and items, who have no training rows).
/// </summary>
internal sealed class GeneratorTruthScorer : IFixedScorer
{
    private readonly PseudoDatasetTruth _truth;
    private readonly ComparisonOptions _options;
    private readonly int[] _userIndex;
    private readonly int[] _itemIndex;

    /// <exception cref="ArgumentException">An id of <paramref name="data"/> is not one of the generated dataset's.</exception>
    public GeneratorTruthScorer(PseudoDatasetTruth truth, PreparedData data, ComparisonOptions options)
    {
        _truth = truth;
        _options = options;
        _userIndex = Indices(data.UserIds, truth.UserIndex, "user");
        _itemIndex = Indices(data.ItemIds, truth.ItemIndex, "item");
    }

    public double[] ScoreRows(Protocol protocol, IReadOnlyList<uint> userKeys, IReadOnlyList<uint> itemKeys)
    {
        var scores = new double[userKeys.Count];
        for (int r = 0; r < scores.Length; r++)
        {
            int user = Index(_userIndex, userKeys[r]), item = Index(_itemIndex, itemKeys[r]);
            scores[r] = user < 0 || item < 0 ? double.NaN : _truth.PositiveProbability(user, item, _options.RelevanceThreshold);
        }
        return scores;
    }

    public UserScorer? CreateCatalogScorer(Protocol protocol, FullCatalogTask task)
    {
        bool implicitFeedback = Protocol.ImplicitFeedback.Contains(protocol);
        double testShare = protocol == Protocol.FullCatalog ? _options.TestFraction
            : protocol == Protocol.Implicit ? _options.ImplicitTestFraction
            : 1;
        return (userKeyIndex, scores) =>
        {
            int user = userKeyIndex < _userIndex.Length ? _userIndex[userKeyIndex] : -1;
            for (int i = 0; i < scores.Length; i++)
            {
                int item = i < _itemIndex.Length ? _itemIndex[i] : -1;
                if (user < 0 || item < 0)
                {
                    scores[i] = float.NaN;
                    continue;
                }
                double rated = _truth.SelectionProbability(user, item);
                double relevant = implicitFeedback ? 1 : _truth.PositiveProbability(user, item, _options.RelevanceThreshold);
                scores[i] = (float)(rated * relevant * testShare / (1 - (1 - testShare) * rated));
            }
        };
    }

    private static int Index(int[] indices, uint key) => key == 0 || key > indices.Length ? -1 : indices[key - 1];

    private static int[] Indices(IReadOnlyList<string> ids, Func<string, int> index, string role)
    {
        var indices = new int[ids.Count];
        for (int k = 0; k < ids.Count; k++)
        {
            indices[k] = index(ids[k]);
            if (indices[k] < 0)
                throw new ArgumentException(
                    $"The Oracle scores by the pseudo generator's ground truth, but {role} id '{ids[k]}' (key {k + 1}) is not one of the generated dataset's ids: " +
                    "run it on the dataset generated with the same options (--data pseudo).");
        }
        return indices;
    }
}
