namespace MLNet.TwoTower.Baselines;

public sealed partial class MatrixFactorizationTrainer
{
    /// <summary>Type of loss function; the same names and values as ML.NET's.</summary>
    public enum LossFunctionType
    {
        /// <summary>
        /// Squared loss on the observed entries: traditional collaborative filtering on ratings. Trained with
        /// LIBMF-style stochastic gradient (per-row AdaGrad steps).
        /// </summary>
        SquareLossRegression = 0,

        /// <summary>
        /// One-class (implicit feedback) squared loss: observed entries are pulled to their label (usually 1) and every
        /// unobserved entry to <see cref="Options.C"/> with weight <see cref="Options.Alpha"/>. Trained with
        /// coordinate descent over all entries, as in LIBMF.
        /// </summary>
        SquareLossOneClass = 12,
    }
}
