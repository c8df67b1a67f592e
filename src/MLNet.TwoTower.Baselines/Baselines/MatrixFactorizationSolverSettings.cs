namespace MLNet.TwoTower.Baselines;

/// <summary>The validated numbers a solver needs; no ML.NET types, so the solvers stay plain array code.</summary>
internal sealed record MatrixFactorizationSolverSettings(
    int Rank,
    int Iterations,
    float LearningRate,
    float Lambda,
    float Alpha,
    float C,
    bool NonNegative,
    bool UseBiases,
    int Threads,
    int Seed,
    bool Quiet);
