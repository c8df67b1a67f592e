using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// The user tower, the item tower and two temperatures (the retrieval softmax's and the pairwise ranking task's),
/// trained together. Temperatures are stored as log τ so that gradient steps keep them positive;
/// <see cref="ClampTemperature"/> keeps them within sensible bounds.
/// </summary>
internal sealed class TwoTowerNetwork : nn.Module<Tensor, Tensor, (Tensor User, Tensor Item)>
{
    private readonly Tower userTower;
    private readonly Tower itemTower;
    private readonly Parameter logTemperature;
    private readonly Parameter logRankingTemperature;
    private readonly Parameter globalBias;
    private readonly Parameter ratingScale;
    private readonly double minLogTemperature;
    private readonly double maxLogTemperature;

    public TwoTowerNetwork(TowerArchitecture userArchitecture, TowerArchitecture itemArchitecture,
        float initialTemperature, bool learnTemperature, float minTemperature, float maxTemperature,
        NetworkRandomness? random = null, float initialGlobalBias = 0f, KeyHistory? userHistory = null)
        : base(nameof(TwoTowerNetwork))
    {
        userTower = new Tower("user_tower", userArchitecture, random, userHistory);
        itemTower = new Tower("item_tower", itemArchitecture, random);
        logTemperature = nn.Parameter(tensor(MathF.Log(initialTemperature)), requires_grad: learnTemperature);
        logRankingTemperature = nn.Parameter(tensor(MathF.Log(initialTemperature)), requires_grad: learnTemperature);
        // The ranking head's μ starts at the mean rating and w at 1, so the first predictions are the mean plus a
        // cosine's nudge. Only the rating loss reaches them; without a ranking head they get no gradient.
        globalBias = nn.Parameter(tensor(initialGlobalBias));
        ratingScale = nn.Parameter(tensor(1f));
        minLogTemperature = Math.Log(minTemperature);
        maxLogTemperature = Math.Log(maxTemperature);
        RegisterComponents();
    }

    public Tower UserTower => userTower;

    public Tower ItemTower => itemTower;

    /// <summary>τ = exp(log τ) as a scalar tensor that gradients flow through; the caller owns it.</summary>
    public Tensor Temperature() => logTemperature.exp();

    /// <summary>
    /// The pairwise ranking task's own τ (same start and bounds as the softmax's): a separate scale lets the ranking
    /// term order a user's liked above disliked items with small cosine margins instead of reshaping the whole
    /// embedding space the retrieval softmax needs. Only training reads it; scores are plain dot products.
    /// </summary>
    public Tensor RankingTemperature() => logRankingTemperature.exp();

    /// <summary>μ of the ranking head's predicted rating, as a scalar tensor gradients flow through.</summary>
    public Tensor GlobalBias => globalBias;

    /// <summary>w, the factor on the cosine in the ranking head's predicted rating.</summary>
    public Tensor RatingScale => ratingScale;

    /// <summary>μ and w as numbers.</summary>
    public (float GlobalBias, float RatingScale) RatingTerms
    {
        get
        {
            using var noGrad = no_grad();
            return (globalBias.item<float>(), ratingScale.item<float>());
        }
    }

    /// <summary>The current τ as a number.</summary>
    public float TemperatureValue
    {
        get
        {
            using var noGrad = no_grad();
            using var t = logTemperature.exp();
            return t.item<float>();
        }
    }

    public override (Tensor User, Tensor Item) forward(Tensor userFeatures, Tensor itemFeatures) =>
        (userTower.forward(userFeatures), itemTower.forward(itemFeatures));

    /// <summary>Puts log τ back into [log min, log max] after an optimiser step.</summary>
    public void ClampTemperature()
    {
        using var noGrad = no_grad();
        // Explicit Scalars: see ExplicitScalars.
        using var min = minLogTemperature.ToScalar();
        using var max = maxLogTemperature.ToScalar();
        logTemperature.clamp_(min, max);
        logRankingTemperature.clamp_(min, max);
    }
}
