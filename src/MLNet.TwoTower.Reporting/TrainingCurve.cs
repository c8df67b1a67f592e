namespace MLNet.TwoTower.Reporting;

/// <summary>One model's training run for <see cref="Charts.WriteTrainingChart"/>: loss and validation metric per epoch.</summary>
/// <param name="Name">Legend text (the model).</param>
/// <param name="Epochs">1-based epoch numbers.</param>
/// <param name="Loss">Training loss per epoch, one per epoch.</param>
/// <param name="Validation">Validation metric per epoch (one per epoch, null where none was measured), or null for none.</param>
/// <param name="KeptEpoch">The epoch whose weights the model kept (best validation), or null when it kept the last.</param>
public sealed record TrainingCurve(string Name, IReadOnlyList<int> Epochs, IReadOnlyList<double> Loss,
    IReadOnlyList<double?>? Validation = null, int? KeptEpoch = null);
