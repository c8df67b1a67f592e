using System.Globalization;

namespace MLNet.TwoTower.Datasets.Generation;

/// <summary>
/// What the pseudo generator drew and a model can only estimate: every user's interests, hidden taste, bias and rating
/// count, every item's content, hidden taste, bias and popularity, and the probabilities they imply — that a user
/// rates an item, and that the rating reaches a threshold. Ranking by these probabilities is the best any model can do
/// on the generated data (a Bayes ceiling; the experiments' <c>Oracle</c> row), so a target on this data can be read
/// against what is attainable at all. The rating and selection formulas live here once; the generator draws with them.
/// </summary>
public sealed class PseudoDatasetTruth
{
    /// Affinity is a cosine in [-1, 1]; this scale gives a perfect match about 2.5 logits, i.e. roughly 1.5 stars.
    private const double AffinityScale = 2.5;

    /// Ordered-logit cut points between 1|2, 2|3, 3|4 and 4|5 stars; chosen so the default mean is about 3.5.
    private static readonly double[] CutPoints = [-2.2, -1.2, 0.1, 1.4];

    private readonly PseudoDatasetOptions _options;
    private readonly double[][] _interest;
    private readonly double[][] _content;
    private readonly double[][] _userTaste;
    private readonly double[][] _itemTaste;
    private readonly double[] _userBias;
    private readonly double[] _itemBias;
    private readonly double[] _popularity;
    private readonly int[] _ratingsPerUser;
    private readonly double _tasteScale;
    private readonly int _userIdWidth;
    private readonly int _itemIdWidth;
    private readonly double[]?[] _selection;

    internal PseudoDatasetTruth(PseudoDatasetOptions options, double[][] interest, double[][] content,
        double[][] userTaste, double[][] itemTaste, double[] userBias, double[] itemBias, double[] popularity, int[] ratingsPerUser)
    {
        _options = options;
        _interest = interest;
        _content = content;
        _userTaste = userTaste;
        _itemTaste = itemTaste;
        _userBias = userBias;
        _itemBias = itemBias;
        _popularity = popularity;
        _ratingsPerUser = ratingsPerUser;
        _tasteScale = 1.0 / Math.Sqrt(options.HiddenTasteDimension);
        _userIdWidth = options.UserCount.ToString(CultureInfo.InvariantCulture).Length;
        _itemIdWidth = options.ItemCount.ToString(CultureInfo.InvariantCulture).Length;
        _selection = new double[]?[options.UserCount];
    }

    /// <summary>Number of generated users (indices 0 … UserCount − 1).</summary>
    public int UserCount => _options.UserCount;

    /// <summary>Number of generated items (indices 0 … ItemCount − 1).</summary>
    public int ItemCount => _options.ItemCount;

    /// <summary>The id the dataset gives user <paramref name="user"/> (u0001, u0002, …).</summary>
    public string UserId(int user) => Id('u', user, _userIdWidth);

    /// <summary>The id the dataset gives item <paramref name="item"/> (i0001, i0002, …).</summary>
    public string ItemId(int item) => Id('i', item, _itemIdWidth);

    /// <summary>The index of a generated user id, or −1 when the id is not one of this dataset's.</summary>
    public int UserIndex(string id) => Index(id, 'u', UserCount, UserId);

    /// <summary>The index of a generated item id, or −1 when the id is not one of this dataset's.</summary>
    public int ItemIndex(string id) => Index(id, 'i', ItemCount, ItemId);

    /// <summary>
    /// The probability that the user's rating of the item is at least <paramref name="threshold"/> stars, given that
    /// the user rates it: the ordered logit's tail beyond the cut point the threshold needs.
    /// </summary>
    public double PositiveProbability(int user, int item, float threshold)
    {
        int cutsNeeded = (int)Math.Ceiling(threshold) - 1;
        if (cutsNeeded <= 0)
            return 1;
        if (cutsNeeded > CutPoints.Length)
            return 0;
        return 1 / (1 + Math.Exp(CutPoints[cutsNeeded - 1] - RatingScore(user, item)));
    }

    /// <summary>
    /// The probability that the user rates the item at all. The generator draws each user's rating count of items
    /// without replacement, weighted by <see cref="SelectionWeight"/>; the inclusion probability is the Poisson
    /// approximation 1 − exp(−c·w), c set so the user's probabilities sum to the user's rating count.
    /// </summary>
    public double SelectionProbability(int user, int item)
    {
        var probabilities = _selection[user];
        if (probabilities is null)
        {
            probabilities = InclusionProbabilities(user);
            // Racing threads compute the same array; either copy is right.
            _selection[user] = probabilities;
        }
        return probabilities[item];
    }

    /// <summary>The number of items the generator had the user rate.</summary>
    public int RatingCount(int user) => _ratingsPerUser[user];

    /// <summary>Cosine between the user's interests and the item's genres, in [−1, 1].</summary>
    internal double Affinity(int user, int item) => Dot(_interest[user], _content[item]);

    /// <summary>The hidden-taste term no feature reveals.</summary>
    internal double HiddenTaste(int user, int item) => Dot(_userTaste[user], _itemTaste[item]) * _tasteScale;

    /// <summary>Zipf popularity × exp(SelectionAffinity · affinity): who rates what.</summary>
    internal double SelectionWeight(int user, int item, double affinity) => _popularity[item] * Math.Exp(_options.SelectionAffinity * affinity);

    /// <summary>The ordered logit's latent score before its logistic noise.</summary>
    internal double RatingScore(int user, int item, double affinity, double hidden) =>
        _options.ContentWeight * AffinityScale * affinity + _options.HiddenTasteWeight * hidden + _userBias[user] + _itemBias[item];

    private double RatingScore(int user, int item) => RatingScore(user, item, Affinity(user, item), HiddenTaste(user, item));

    /// <summary>Stars from a latent score plus its logistic noise.</summary>
    internal static int Stars(double scoreWithNoise) => 1 + CutPoints.Count(c => scoreWithNoise > c);

    private double[] InclusionProbabilities(int user)
    {
        var weights = new double[ItemCount];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = SelectionWeight(user, i, Affinity(user, i));
        int count = _ratingsPerUser[user];
        double low = 0, high = 1;
        while (ExpectedCount(weights, high) < count)
            high *= 2;
        // Bisection to double precision: the expected count rises monotonically with c.
        for (int step = 0; step < 200 && high - low > high * 1e-15; step++)
        {
            double middle = (low + high) / 2;
            if (ExpectedCount(weights, middle) < count)
                low = middle;
            else
                high = middle;
        }
        double c = (low + high) / 2;
        return weights.Select(w => -double.ExpM1(-c * w)).ToArray();
    }

    private static double ExpectedCount(double[] weights, double c)
    {
        double sum = 0;
        foreach (var w in weights)
            sum += -double.ExpM1(-c * w);
        return sum;
    }

    private static int Index(string id, char prefix, int count, Func<int, string> format)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length < 2 || id[0] != prefix || !int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            return -1;
        int index = number - 1;
        return index >= 0 && index < count && format(index) == id ? index : -1;
    }

    internal static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static string Id(char prefix, int index, int width) =>
        prefix + (index + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
}
