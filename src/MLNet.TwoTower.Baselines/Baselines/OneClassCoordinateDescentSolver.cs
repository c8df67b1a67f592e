using MLNet.TwoTower.MLNetInput;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// One-class matrix factorization by coordinate descent over every entry of the matrix (LIBMF's solver for
/// <see cref="MatrixFactorizationTrainer.LossFunctionType.SquareLossOneClass"/>). It minimizes
/// <c>Σ_observed (r − p·q)² + α Σ_unobserved (c − p·q)² + λ(‖P‖² + ‖Q‖²)</c> one factor at a time in closed form.
/// The sum over the (huge) unobserved part is never enumerated: it is the sum over all entries, computed from the
/// Gram matrix QᵀQ (or PᵀP) and column sums, minus the observed part.
/// P starts at zero and Q uniform in [0, 1), as in LIBMF, so the first predictions are all zero.
/// </summary>
internal static class OneClassCoordinateDescentSolver
{
    public static FactorModel Train(RatingTriples data, MatrixFactorizationSolverSettings settings, TextWriter? log,
        TrainingCancellation cancellation)
    {
        int m = data.UserCount, n = data.ItemCount, k = settings.Rank, nnz = data.Count;
        float alpha = settings.Alpha, c = settings.C, lambda = settings.Lambda;
        var random = new Random(settings.Seed);

        var p = new float[(long)m * k];
        var q = new float[(long)n * k];
        for (long i = 0; i < q.Length; i++)
            q[i] = random.NextSingle();

        // Observed entries by user (CSR) and, through a position map, by item; predictions kept per entry.
        var byUser = Csr.Build(data.Users, m);
        var byItem = Csr.Build(data.Items, n);
        var prediction = new float[nnz];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads };
        var gram = new double[k];
        var columnSum = new double[k];
        var losses = new double[settings.Iterations];
        if (!settings.Quiet)
            log?.WriteLine("iter     obj");

        for (int iteration = 0; iteration < settings.Iterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int d = 0; d < k; d++)
            {
                UpdateColumn(p, q, m, n, k, d, byUser, data.Items, data.Labels, prediction, alpha, c, lambda,
                    settings.NonNegative, gram, columnSum, parallel);
                UpdateColumn(q, p, n, m, k, d, byItem, data.Users, data.Labels, prediction, alpha, c, lambda,
                    settings.NonNegative, gram, columnSum, parallel);
            }

            double loss = Objective(p, q, m, n, k, data, prediction, alpha, c, lambda);
            losses[iteration] = loss;
            if (!double.IsFinite(loss))
                throw new InvalidOperationException(
                    $"One-class matrix factorization diverged at iteration {iteration + 1} (objective {loss}). " +
                    $"Raise Lambda (now {settings.Lambda}) or lower Alpha (now {settings.Alpha}).");
            if (!settings.Quiet)
                log?.WriteLine($"{iteration,4} {loss,12:E4}");
        }

        return new FactorModel
        {
            Rank = k,
            UserFactors = p,
            ItemFactors = q,
            UserCounts = data.CountPerUser(),
            ItemCounts = data.CountPerItem(),
            TrainingLossPerIteration = losses,
        };
    }

    /// <summary>
    /// Updates factor <paramref name="d"/> of every row of <paramref name="target"/> (users or items) with the other
    /// side <paramref name="other"/> fixed. Rows are independent, so they run in parallel with a deterministic result.
    /// </summary>
    private static void UpdateColumn(float[] target, float[] other, int rows, int otherRows, int k, int d, Csr observed,
        int[] otherIndexOfEntry, float[] labels, float[] prediction, float alpha, float c, float lambda, bool nonNegative,
        double[] gram, double[] columnSum, ParallelOptions parallel)
    {
        // gram[e] = Σ_j other[j,d]·other[j,e]; columnSum[d] = Σ_j other[j,d].
        Array.Clear(gram);
        double sumD = 0;
        for (int j = 0; j < otherRows; j++)
        {
            int offset = j * k;
            double od = other[offset + d];
            sumD += od;
            for (int e = 0; e < k; e++)
                gram[e] += od * other[offset + e];
        }
        columnSum[d] = sumD;

        Parallel.For(0, rows, parallel, row =>
        {
            int offset = row * k;
            float old = target[offset + d];
            double dotGram = 0;
            for (int e = 0; e < k; e++)
                dotGram += target[offset + e] * gram[e];
            // α Σ_all other_jd (c − prediction without factor d)
            double numerator = alpha * (c * sumD - (dotGram - old * gram[d]));
            double denominator = alpha * gram[d] + lambda;
            for (int entry = observed.Starts[row]; entry < observed.Starts[row + 1]; entry++)
            {
                int position = observed.Entries[entry];
                float od = other[otherIndexOfEntry[position] * k + d];
                double without = prediction[position] - old * od;
                numerator += od * (labels[position] - without) - alpha * od * (c - without);
                denominator += (1 - alpha) * od * od;
            }
            float updated = (float)(numerator / denominator);
            if (nonNegative)
                updated = Math.Max(0f, updated);
            target[offset + d] = updated;
            float delta = updated - old;
            if (delta != 0)
            {
                for (int entry = observed.Starts[row]; entry < observed.Starts[row + 1]; entry++)
                {
                    int position = observed.Entries[entry];
                    prediction[position] += delta * other[otherIndexOfEntry[position] * k + d];
                }
            }
        });
    }

    private static double Objective(float[] p, float[] q, int m, int n, int k, RatingTriples data, float[] prediction,
        float alpha, float c, float lambda)
    {
        // Σ_all (c − p_u·q_i)² = m·n·c² − 2c Σ_u p_u·s + Σ_u p_uᵀ G p_u, with s = Σ_i q_i and G = QᵀQ.
        var s = new double[k];
        var g = new double[k * k];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < k; a++)
            {
                double qa = q[i * k + a];
                s[a] += qa;
                for (int b = 0; b < k; b++)
                    g[a * k + b] += qa * q[i * k + b];
            }
        }
        double all = (double)m * n * c * c;
        for (int u = 0; u < m; u++)
        {
            double linear = 0, quadratic = 0;
            for (int a = 0; a < k; a++)
            {
                double pa = p[u * k + a];
                linear += pa * s[a];
                for (int b = 0; b < k; b++)
                    quadratic += pa * g[a * k + b] * p[u * k + b];
            }
            all += -2 * c * linear + quadratic;
        }
        double observed = 0, observedAsUnobserved = 0;
        for (int e = 0; e < data.Count; e++)
        {
            double residual = data.Labels[e] - prediction[e];
            double toC = c - prediction[e];
            observed += residual * residual;
            observedAsUnobserved += toC * toC;
        }
        double regularization = 0;
        foreach (var x in p)
            regularization += (double)x * x;
        foreach (var x in q)
            regularization += (double)x * x;
        return observed + alpha * (all - observedAsUnobserved) + lambda * regularization;
    }

    /// <summary>Entry positions grouped by row index.</summary>
    private sealed class Csr
    {
        public required int[] Starts { get; init; }
        public required int[] Entries { get; init; }

        public static Csr Build(int[] rowOfEntry, int rows)
        {
            var starts = new int[rows + 1];
            foreach (var r in rowOfEntry)
                starts[r + 1]++;
            for (int r = 0; r < rows; r++)
                starts[r + 1] += starts[r];
            var next = (int[])starts.Clone();
            var entries = new int[rowOfEntry.Length];
            for (int e = 0; e < rowOfEntry.Length; e++)
                entries[next[rowOfEntry[e]]++] = e;
            return new Csr { Starts = starts, Entries = entries };
        }
    }
}
