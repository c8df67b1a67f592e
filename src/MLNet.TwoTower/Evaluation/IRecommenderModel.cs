namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// What a fitted model offers the evaluation beyond scoring rows (which any <c>ITransformer</c> that adds a
/// <c>Score</c> column does, and which the warm and cold-user protocols need): ranking the whole item catalogue for a
/// user, which the full-catalogue and cold-item protocols need (docs/protocols.md). A transformer implements it to
/// take part in those protocols without the evaluation knowing its type; a model whose catalogue scores need data it
/// does not hold (the Two-Tower towers need each item's features) is given an <c>EmbeddingExtractor</c> (in the comparison)
/// instead.
/// </summary>
public interface IRecommenderModel
{
    /// <summary>
    /// A scorer that fills the score of every item (index i = item key i + 1) for one user (index u = user key
    /// u + 1), or null when this model cannot score the catalogue.
    /// </summary>
    /// <param name="userCount">Number of user keys in the evaluated data.</param>
    /// <param name="itemCount">Number of item keys in the evaluated data; the span the scorer fills has this length.</param>
    /// <exception cref="InvalidOperationException">The model was trained on other key counts.</exception>
    UserScorer? CreateCatalogScorer(int userCount, int itemCount);
}
