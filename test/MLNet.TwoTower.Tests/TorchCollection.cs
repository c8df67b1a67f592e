namespace MLNet.TwoTower.Tests;

/// <summary>
/// Tests that seed TorchSharp's process-wide random generator (module tests) or train run one at a time: a parallel
/// draw would break a module test's seeded expectations, and two trainings would fight over the 2 cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "TorchSharp global random state";
}
