namespace MLNet.TwoTower.Tests;

/// <summary>
/// Tests that draw from TorchSharp's process-wide random generator run one at a time: a draw from a parallel test in
/// the middle of a training would change that training's weights and break the determinism tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "TorchSharp global random state";
}
