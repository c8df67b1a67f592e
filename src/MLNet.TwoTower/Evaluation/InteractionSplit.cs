using Microsoft.ML;

namespace MLNet.TwoTower.Evaluation;

/// <summary>A train/test pair of views over the same source, with how it was made.</summary>
public sealed class InteractionSplit
{
    internal InteractionSplit(IDataView trainSet, IDataView testSet, string protocol, int seed, long trainRows, long testRows)
    {
        TrainSet = trainSet;
        TestSet = testSet;
        Protocol = protocol;
        Seed = seed;
        TrainRows = trainRows;
        TestRows = testRows;
    }

    /// <summary>The training rows.</summary>
    public IDataView TrainSet { get; }

    /// <summary>The test rows.</summary>
    public IDataView TestSet { get; }

    /// <summary>A short description of the protocol, for reports ("random 80/20", "cold users 10%", …).</summary>
    public string Protocol { get; }

    /// <summary>The seed the split was drawn with.</summary>
    public int Seed { get; }

    /// <summary>Number of training rows.</summary>
    public long TrainRows { get; }

    /// <summary>Number of test rows.</summary>
    public long TestRows { get; }
}
