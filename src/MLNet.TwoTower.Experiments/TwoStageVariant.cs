namespace MLNet.TwoTower.Experiments;

/// <summary>
/// One two-stage configuration an experiment trains next to the named models: a name, what it changes, and how. Each
/// starts from <see cref="ReferenceExperiment.TwoStage"/>'s options (the library-default towers with the experiment's
/// columns, seed and threads; the two-stage defaults); <see cref="Configure"/> then changes what the variant is about.
/// </summary>
public sealed class TwoStageVariant
{
    /// <summary>Creates a variant.</summary>
    /// <param name="name">Row name in every table (unique within an experiment).</param>
    /// <param name="description">One line: what this variant changes.</param>
    /// <param name="configure">Changes to the two-stage options; null keeps them.</param>
    public TwoStageVariant(string name, string description, Action<TwoStageTrainer.Options>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Description = description ?? string.Empty;
        Configure = configure ?? (_ => { });
    }

    /// <summary>Row name in every table.</summary>
    public string Name { get; }

    /// <summary>What this variant changes.</summary>
    public string Description { get; }

    /// <summary>Applied to the two-stage options (towers already set).</summary>
    public Action<TwoStageTrainer.Options> Configure { get; }
}
