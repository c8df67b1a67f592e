namespace MLNet.TwoTower.Baselines;

/// <summary>
/// What a factor model returns for a user or item key that had no training rows (or is missing, key 0, or lies
/// outside the key range seen in training).
/// </summary>
public enum UnseenKeyFallback
{
    /// <summary>
    /// Factors (and so the score) are NaN, as in ML.NET's <c>MatrixFactorizationTrainer</c>. Rankers and metrics must
    /// then drop or handle those rows; the ranking evaluator rejects NaN scores.
    /// </summary>
    NaN = 0,

    /// <summary>
    /// Factors and bias are zero. With biases on, an unseen user then scores <c>global + item bias</c>: the classic
    /// item-bias (popularity-like) fallback for cold users.
    /// </summary>
    Zeros = 1,

    /// <summary>
    /// Factors and bias are the mean over the users (or items) seen in training: the "average user" fallback.
    /// With biases on, a cold user scores <c>global + mean user bias + item bias + mean user factor · item factor</c>.
    /// </summary>
    MeanFactors = 2,
}
