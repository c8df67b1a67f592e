namespace MLNet.TwoTower.Retrieval.Benchmarks;

/// <summary>
/// Points from a mixture of Gaussians on the unit sphere, with Zipf-sized clusters: <c>normalise(centre + σ·N(0, I))</c>.
/// Why not uniform random vectors: learned two-tower embeddings are clustered (genres, tastes) and popularity is
/// skewed, and uniform vectors in 64-d are the one distribution with no neighbourhood structure at all (all dot
/// products concentrate near 0), which makes every ANN index look far worse than on real embeddings. Queries come
/// from the same mixture, as users sit near the items they like. σ = 0.17 per dimension puts a point's cosine with
/// its centre at ≈ 0.6 in 64-d: clusters overlap, so the search is not trivial.
/// </summary>
internal sealed class SphericalGaussianMixture(int dimension = 64, int clusters = 256, float sigma = 0.17f, int seed = 42) : IEmbeddingSource
{
    public string Name => $"mixture of {clusters} spherical Gaussians (σ={sigma}, Zipf sizes, seed {seed})";

    public int Dimension => dimension;

    public float[] Items(int count) => Sample(count, dimension, seed + 1);

    public float[] Queries(int count) => Sample(count, dimension, seed + 2);

    private float[] Sample(int count, int dimension, int streamSeed)
    {
        var centres = Centres(dimension);
        // Zipf(1) cluster popularity: cluster c is chosen with weight 1/(c+1).
        var cumulative = new double[clusters];
        double total = 0;
        for (int c = 0; c < clusters; c++)
            cumulative[c] = total += 1.0 / (c + 1);
        var random = new Random(streamSeed);
        var points = new float[(long)count * dimension];
        for (int i = 0; i < count; i++)
        {
            int c = Array.BinarySearch(cumulative, random.NextDouble() * total);
            c = c < 0 ? ~c : c;
            var point = points.AsSpan(i * dimension, dimension);
            for (int j = 0; j < dimension; j++)
                point[j] = centres[c * dimension + j] + sigma * Gaussian(random);
            Normalise(point);
        }
        return points;
    }

    private float[] Centres(int dimension)
    {
        var random = new Random(seed);
        var centres = new float[clusters * dimension];
        for (int c = 0; c < clusters; c++)
        {
            var centre = centres.AsSpan(c * dimension, dimension);
            for (int j = 0; j < dimension; j++)
                centre[j] = Gaussian(random);
            Normalise(centre);
        }
        return centres;
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static void Normalise(Span<float> v)
    {
        float norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(v, v));
        System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
    }
}
