namespace MLNet.TwoTower.Retrieval.Benchmarks;

/// <summary>
/// Where the benchmark's item and query embeddings come from: <see cref="TrainedTowerEmbeddings"/> (the issue's
/// setting: a trained item tower over pseudo-dataset items, user-tower queries) or
/// <see cref="SphericalGaussianMixture"/> (a synthetic stand-in, kept for comparison).
/// </summary>
internal interface IEmbeddingSource
{
    string Name { get; }

    /// <summary>Width of every embedding.</summary>
    int Dimension { get; }

    /// <summary>Row-major <c>[count × Dimension]</c>, L2-normalised rows.</summary>
    float[] Items(int count);

    /// <summary>Row-major <c>[count × Dimension]</c> user-side queries, L2-normalised rows.</summary>
    float[] Queries(int count);
}
