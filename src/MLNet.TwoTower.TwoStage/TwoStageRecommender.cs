using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.TwoStage.Features;
using MLNet.TwoTower.TwoStage.Training;

namespace MLNet.TwoTower;

/// <summary>
/// Ranks the catalogue for a user with a <see cref="TwoStageTransformer"/>: the top
/// <see cref="TwoStageTransformer.CandidateCount"/> items by retrieval score (items the user had in training excluded),
/// ordered by the re-ranker. Thread-safe; made by <see cref="TwoStageTransformer.CreateRecommender"/>.
/// </summary>
public sealed class TwoStageRecommender
{
    private readonly EntityEmbeddings _embeddings;
    private readonly EntityStatistics _statistics;
    private readonly TreeEnsembleScorer _reranker;
    private readonly Dictionary<uint, HashSet<uint>> _seen;
    private readonly MatrixFactorizationFeature? _matrixFactorization;
    private readonly ScoreBlend _blend;

    internal TwoStageRecommender(EntityEmbeddings embeddings, EntityStatistics statistics, TreeEnsembleScorer reranker,
        Dictionary<uint, HashSet<uint>> seen, int candidateCount, MatrixFactorizationFeature? matrixFactorization = null,
        ScoreBlend? blend = null)
    {
        _blend = blend ?? ScoreBlend.TreesOnly(RerankFeatures.RetrievalScorePosition);
        _matrixFactorization = matrixFactorization;
        _embeddings = embeddings;
        _statistics = statistics;
        _reranker = reranker;
        _seen = seen;
        CandidateCount = candidateCount;
    }

    /// <summary>Candidates per user the retrieval stage proposes.</summary>
    public int CandidateCount { get; }

    /// <summary>
    /// The best <paramref name="count"/> items for the user with key <paramref name="userKey"/> (1-based, as ML.NET
    /// stores it), best first, with the re-ranker's scores.
    /// </summary>
    /// <exception cref="ArgumentException">The user has no embedding (no row of it was given to
    /// <see cref="TwoStageTransformer.CreateRecommender"/>).</exception>
    public IReadOnlyList<RerankedItem> Recommend(uint userKey, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var candidates = Rerank(userKey, _ => true);
        var heap = new TopKHeap(count);
        for (int c = 0; c < candidates.Length; c++)
            heap.Push(candidates[c].Score, c);
        return heap.DrainBestFirst()
            .Select(best => new RerankedItem(candidates[best.Ordinal].Item, best.Score, candidates[best.Ordinal].RetrievalScore))
            .ToArray();
    }

    /// <summary>
    /// A scorer for the evaluation (<see cref="FullCatalogRanker"/>): the re-ranker's score for each retrieved
    /// candidate, NaN for every other item (never recommended). Retrieval considers only the items
    /// <paramref name="candidate"/> admits (index = key − 1), e.g. a cold-item protocol's held-out items.
    /// </summary>
    public UserScorer CreateScorer(Func<int, bool>? candidate = null) => (user, scores) =>
    {
        scores.Fill(float.NaN);
        foreach (var (item, score, _) in Rerank((uint)user + 1, item => candidate?.Invoke((int)item - 1) ?? true))
            if (item - 1 < scores.Length)
                scores[(int)item - 1] = score;
    };

    /// <summary>The retrieval stage's candidates for the user and their re-ranker scores, retrieval order.</summary>
    internal (uint Item, float Score, float RetrievalScore)[] Rerank(uint userKey, Func<uint, bool> admits) =>
        RerankCandidates(userKey, Retrieve(userKey, admits));

    /// <summary>The first stage alone: the user's top <see cref="CandidateCount"/> admitted items not seen in training.</summary>
    internal uint[] Retrieve(uint userKey, Func<uint, bool> admits)
    {
        var seen = _seen.GetValueOrDefault(userKey);
        return CandidateRetrieval.Top(UserEmbedding(userKey), _embeddings.Items, item => admits(item) && seen?.Contains(item) != true, CandidateCount);
    }

    /// <summary>The second stage alone: features and re-ranker score of each candidate (items with an embedding).</summary>
    internal (uint Item, float Score, float RetrievalScore)[] RerankCandidates(uint userKey, uint[] candidates)
    {
        var user = UserEmbedding(userKey);
        var ranking = _embeddings.UserRanking[userKey];
        var features = new float[RerankFeatures.Width(_embeddings.Dimension, _matrixFactorization is not null)];
        var result = new (uint, float, float)[candidates.Length];
        for (int c = 0; c < candidates.Length; c++)
        {
            uint item = candidates[c];
            RerankFeatures.Write(features, user, ranking, _embeddings.Items[item]!, _statistics.User(userKey), _statistics.Item(item),
                _matrixFactorization?.Score(userKey, item));
            result[c] = (item, _blend.Apply(_reranker.Score(features), features), features[RerankFeatures.RetrievalScorePosition]);
        }
        return result;
    }

    private float[] UserEmbedding(uint userKey) =>
        userKey < _embeddings.Users.Length && _embeddings.Users[userKey] is { } user
            ? user
            : throw new ArgumentException($"User key {userKey} has no embedding: no row of this user was given to CreateRecommender.", nameof(userKey));
}
