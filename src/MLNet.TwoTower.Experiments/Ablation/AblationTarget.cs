using System.Globalization;

namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>One target: a model's mean against a baseline's mean (times a factor), and whether it is met.</summary>
/// <param name="Description">What is asked, e.g. "warm nDCG@10 > MatrixFactorization".</param>
/// <param name="Model">The model held to the target.</param>
/// <param name="Value">The model's mean.</param>
/// <param name="Baseline">The baseline compared against.</param>
/// <param name="Threshold">The baseline's mean times the factor: the value to beat.</param>
/// <param name="Met">Whether <paramref name="Value"/> beats <paramref name="Threshold"/>.</param>
public sealed record AblationTarget(string Description, string Model, double Value, string Baseline, double Threshold, bool Met)
{
    /// <summary>"met: warm nDCG@10 > MatrixFactorization — TwoTower 0.8312 vs 0.8290 (+0.0022)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Met ? "met" : "MISSED")}: {Description} — {Model} {Value:0.0000} vs {Threshold:0.0000} ({Value - Threshold:+0.0000;-0.0000})");
}
