using System.Text.Json.Serialization;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// One profile field a new user may give (a column of <c>users.csv</c>): its kind and, for numbers, the range seen in
/// training, which bounds what a request may send (see <see cref="Accepts"/>).
/// </summary>
/// <param name="Name">The column name, as in <c>users.csv</c>.</param>
/// <param name="Kind">How the column is featurised.</param>
/// <param name="Minimum">Smallest training value (numbers only; null otherwise or when every value was missing).</param>
/// <param name="Maximum">Largest training value (numbers only).</param>
public sealed record ProfileField(string Name, FeatureKind Kind, double? Minimum = null, double? Maximum = null)
{
    /// <summary>
    /// The accepted interval of a numeric field: the training range widened by its own width on each side (at least
    /// 1), so a plausible new value passes and an absurd one (<c>age: 1e30</c>) is refused rather than scored.
    /// </summary>
    [JsonIgnore]
    public (double Low, double High) AcceptedRange
    {
        get
        {
            if (Minimum is not double low || Maximum is not double high)
                return (-1e6, 1e6);
            double margin = Math.Max(high - low, 1);
            return (low - margin, high + margin);
        }
    }

    /// <summary>Whether a numeric value is finite and inside <see cref="AcceptedRange"/>.</summary>
    public bool Accepts(double value)
    {
        var (low, high) = AcceptedRange;
        return double.IsFinite(value) && value >= low && value <= high;
    }
}
