namespace MLNet.TwoTower.Retrieval.Benchmarks;

/// <summary>
/// Where the benchmark's item and query embeddings come from. The issue asks for a trained item tower over
/// pseudo-dataset items; until the trainer lands, <see cref="SphericalGaussianMixture"/> stands in. Plug a tower in
/// by implementing this interface.
/// </summary>
internal interface IEmbeddingSource
{
    string Name { get; }

    /// <summary>Row-major <c>[count × dimension]</c>, L2-normalised rows.</summary>
    float[] Items(int count, int dimension);

    /// <summary>Row-major <c>[count × dimension]</c> user-side queries, L2-normalised rows.</summary>
    float[] Queries(int count, int dimension);
}
