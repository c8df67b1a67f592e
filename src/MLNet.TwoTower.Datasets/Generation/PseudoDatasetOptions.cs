namespace MLNet.TwoTower.Datasets.Generation;

/// <summary>
/// Sizes and knobs of <see cref="PseudoDatasetGenerator"/>. A rating's latent score is
/// <c>ContentWeight·affinity + HiddenTasteWeight·hidden + userBias + itemBias</c> (each term roughly unit scale),
/// turned into 1–5 stars by an ordered-logit draw; who rates what follows item popularity (Zipf) and affinity.
/// </summary>
public sealed class PseudoDatasetOptions
{
    /// <summary>Number of users. Default 2,000. At least 2.</summary>
    public int UserCount { get; set; } = PseudoDatasetDefaults.UserCount;

    /// <summary>Number of items. Default 1,000. At least 2.</summary>
    public int ItemCount { get; set; } = PseudoDatasetDefaults.ItemCount;

    /// <summary>Number of ratings. Default 60,000. Must be at least <see cref="MinimumRatingsPerUser"/> per user and at
    /// most half of all user–item pairs (denser matrices leave no room for popularity skew).</summary>
    public int RatingCount { get; set; } = PseudoDatasetDefaults.RatingCount;

    /// <summary>Random seed; the same seed and options give byte-identical files. Default 42.</summary>
    public int Seed { get; set; } = PseudoDatasetDefaults.Seed;

    /// <summary>Weight of the interest–content affinity (what the text reveals) in the rating. Default 1. Zero makes
    /// text useless for prediction.</summary>
    public double ContentWeight { get; set; } = PseudoDatasetDefaults.ContentWeight;

    /// <summary>Weight of the hidden taste (latent vectors no feature reveals, learnable only from ids and
    /// co-ratings). Default 0.7. Large values make content features nearly useless; zero makes ids add nothing beyond biases.</summary>
    public double HiddenTasteWeight { get; set; } = PseudoDatasetDefaults.HiddenTasteWeight;

    /// <summary>Dimension of the hidden taste vectors. Default 8.</summary>
    public int HiddenTasteDimension { get; set; } = PseudoDatasetDefaults.HiddenTasteDimension;

    /// <summary>Standard deviation of the per-user and per-item rating biases. Default 0.5.</summary>
    public double BiasStandardDeviation { get; set; } = PseudoDatasetDefaults.BiasStandardDeviation;

    /// <summary>Zipf exponent of item popularity: how strongly ratings concentrate on a few items. Default 1.0
    /// (the top 10% of items get roughly half the ratings); 0 makes every item equally likely to be rated.</summary>
    public double ItemPopularityExponent { get; set; } = PseudoDatasetDefaults.ItemPopularityExponent;

    /// <summary>Zipf exponent of user activity: how unequal the number of ratings per user is. Default 0.7.</summary>
    public double UserActivityExponent { get; set; } = PseudoDatasetDefaults.UserActivityExponent;

    /// <summary>How much users pick items that match their interests (selection bias, as in real data). Default 1.5;
    /// 0 picks by popularity alone.</summary>
    public double SelectionAffinity { get; set; } = PseudoDatasetDefaults.SelectionAffinity;

    /// <summary>Fewest ratings any user has. Default 5.</summary>
    public int MinimumRatingsPerUser { get; set; } = PseudoDatasetDefaults.MinimumRatingsPerUser;

    internal void Validate()
    {
        var problems = new List<string>();
        if (UserCount < 2)
        {
            problems.Add($"UserCount must be at least 2; got {UserCount}.");
        }

        if (ItemCount < 2)
        {
            problems.Add($"ItemCount must be at least 2; got {ItemCount}.");
        }

        if (MinimumRatingsPerUser < 1 || MinimumRatingsPerUser > ItemCount / 2)
        {
            problems.Add($"MinimumRatingsPerUser must be between 1 and ItemCount/2 ({ItemCount / 2}); got {MinimumRatingsPerUser}.");
        }

        long pairs = (long)UserCount * ItemCount;
        if (RatingCount < (long)UserCount * MinimumRatingsPerUser || RatingCount > pairs / 2)
        {
            problems.Add($"RatingCount must be between UserCount×MinimumRatingsPerUser ({(long)UserCount * MinimumRatingsPerUser}) and half of UserCount×ItemCount ({pairs / 2}); got {RatingCount}.");
        }

        if (HiddenTasteDimension < 1)
        {
            problems.Add($"HiddenTasteDimension must be at least 1; got {HiddenTasteDimension}.");
        }

        foreach (var (name, value) in new[]
        {
            (nameof(ContentWeight), ContentWeight), (nameof(HiddenTasteWeight), HiddenTasteWeight),
            (nameof(BiasStandardDeviation), BiasStandardDeviation), (nameof(ItemPopularityExponent), ItemPopularityExponent),
            (nameof(UserActivityExponent), UserActivityExponent), (nameof(SelectionAffinity), SelectionAffinity),
        })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                problems.Add($"{name} must be a finite number ≥ 0; got {value}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid PseudoDatasetOptions: " + string.Join(" ", problems));
        }
    }
}
