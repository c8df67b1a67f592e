using MLNet.TwoTower.MLNetInput;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Squared-loss matrix factorization by stochastic gradient, following LIBMF (the library behind ML.NET's trainer):
/// <list type="bullet">
/// <item>labels are divided by their standard deviation while training (and lambda with them; see <see cref="LabelScale"/> for
/// labels that barely vary), factors are scaled back
/// by its square root afterwards, so one learning rate suits any rating scale;</item>
/// <item>factors start uniform in [0, sqrt(1/k)), rows and columns are randomly relabelled so heavy users and items
/// spread over the grid, and the data is cut into bins × bins blocks;</item>
/// <item>each user and item has two AdaGrad accumulators (one for the first 8 factors, one for the rest) that start
/// at 1, so the step is eta / sqrt(accumulator) per row;</item>
/// <item>the accumulators grow exactly as in the SSE kernel (<c>MFSolver::sg_update</c>) that ML.NET's x64 build of
/// LIBMF runs (<c>src/Native/MatrixFactorizationNative/CMakeLists.txt</c> defines <c>USESSE</c> except on Arm64,
/// which gets the scalar kernel): its horizontal sum adds lanes 0, 1 and 3 of each 4-wide group of squared gradients
/// and drops lane 2, and <c>SolverBase::run</c> passes the slow group's 1/8 to the fast group too (the AVX and scalar
/// kernels use a full sum and 1/(k − 8)). So each accumulator grows by (the sum of g_d² over its factors d with
/// d mod 4 ≠ 2) / 8. It matters: with a full mean per group instead, mean test RMSE on ml-latest-small at rank 128
/// is 0.0013 higher in this solver and 0.0018 in a transcription of LIBMF's own code (eng/bench/README.md);</item>
/// <item>the first iteration updates only the first 8 factors ("slow only"), which stabilises the start.</item>
/// </list>
/// Where this differs from LIBMF on purpose: the step uses an exact 1/sqrt where the SSE kernel uses the ~12-bit
/// <c>_mm_rsqrt_ps</c> (no measurable effect); the random streams are seeded (LIBMF's are default-seeded, whatever
/// ML.NET's seed); and blocks are visited in rounds of non-overlapping blocks (a random Latin-square order per
/// iteration) instead of LIBMF's scheduler, which with one thread visits the blocks in a fresh random order each
/// iteration and with more threads in an order set by timing. A round can run on many threads and still give exactly
/// the sequential result, so the outcome depends on the seed, not on the thread count; the visiting order did not
/// change test RMSE measurably (eng/bench/README.md).
/// </summary>
internal static class SgdMatrixFactorizationSolver
{
    /// <summary>LIBMF's kALIGN: factors are padded to a multiple of 8 and the first 8 form the "slow" group.</summary>
    internal const int Align = 8;

    public static FactorModel Train(RatingTriples data, MatrixFactorizationSolverSettings settings, TextWriter? log,
        TrainingCancellation cancellation)
    {
        int m = data.UserCount, n = data.ItemCount, k = settings.Rank, nnz = data.Count;
        int stride = (k + Align - 1) / Align * Align;

        double sum = 0, sumSquares = 0;
        foreach (var r in data.Labels)
        {
            sum += r;
            sumSquares += (double)r * r;
        }
        double mean = sum / nnz;
        float std = (float)Math.Sqrt(Math.Max(0, sumSquares / nnz - mean * mean));
        float scale = LabelScale(std, (float)Math.Sqrt(sumSquares / nnz));

        var random = new Random(settings.Seed);
        int[] userMap = Permutation(m, random), itemMap = Permutation(n, random);
        int bins = Math.Max(20, 2 * settings.Threads);
        var grid = BuildGrid(data, userMap, itemMap, bins, 1f / scale);

        var userCounts = data.CountPerUser();
        var itemCounts = data.CountPerItem();
        var p = new float[(long)m * stride];
        var q = new float[(long)n * stride];
        float initScale = MathF.Sqrt(1f / k);
        InitialiseRows(p, userCounts, userMap, k, stride, initScale, random);
        InitialiseRows(q, itemCounts, itemMap, k, stride, initScale, random);

        var state = new SgdState
        {
            P = p,
            Q = q,
            PG = Filled(m * 2, 1f),
            QG = Filled(n * 2, 1f),
            UserBias = settings.UseBiases ? new float[m] : null,
            ItemBias = settings.UseBiases ? new float[n] : null,
            UserBiasG = settings.UseBiases ? Filled(m, 1f) : null,
            ItemBiasG = settings.UseBiases ? Filled(n, 1f) : null,
            Mean = settings.UseBiases ? (float)(mean / scale) : 0f,
            Stride = stride,
            Eta = settings.LearningRate,
            Lambda = settings.Lambda / scale,
            NonNegative = settings.NonNegative,
        };

        var losses = new double[settings.Iterations];
        var blockLoss = new double[bins * bins];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads };
        if (!settings.Quiet)
            log?.WriteLine("iter   tr_rmse");
        for (int iteration = 0; iteration < settings.Iterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            bool slowOnly = iteration == 0;
            int[] rowOrder = Permutation(bins, random), columnOrder = Permutation(bins, random), shifts = Permutation(bins, random);
            foreach (var shift in shifts)
            {
                if (settings.Threads == 1)
                {
                    for (int i = 0; i < bins; i++)
                        RunBlock(i);
                }
                else
                {
                    Parallel.For(0, bins, parallel, RunBlock);
                }

                void RunBlock(int i)
                {
                    int block = rowOrder[i] * bins + columnOrder[(i + shift) % bins];
                    blockLoss[block] = state.RunBlock(grid, grid.Starts[block], grid.Starts[block + 1], slowOnly);
                }
            }

            double loss = 0;
            foreach (var l in blockLoss)
                loss += l;
            loss *= (double)scale * scale;
            losses[iteration] = loss;
            if (!double.IsFinite(loss))
                throw new InvalidOperationException(
                    $"Matrix factorization diverged at iteration {iteration + 1}: the training loss is {loss}. " +
                    $"Lower LearningRate (now {settings.LearningRate}) or raise Lambda (now {settings.Lambda * scale}).");
            if (!settings.Quiet)
                log?.WriteLine($"{iteration,4} {Math.Sqrt(loss / nnz),9:F4}");
        }

        return new FactorModel
        {
            Rank = k,
            UserFactors = Unshuffle(p, userMap, m, k, stride, MathF.Sqrt(scale)),
            ItemFactors = Unshuffle(q, itemMap, n, k, stride, MathF.Sqrt(scale)),
            UserBiases = state.UserBias is null ? null : Unshuffle(state.UserBias, userMap, m, 1, 1, scale),
            ItemBiases = state.ItemBias is null ? null : Unshuffle(state.ItemBias, itemMap, n, 1, 1, scale),
            GlobalBias = state.Mean * scale,
            UserCounts = userCounts,
            ItemCounts = itemCounts,
            TrainingLossPerIteration = losses,
        };
    }

    /// <summary>
    /// Largest ratio of the labels' root mean square to the scale they are divided by: a scaled label stays within
    /// about this many units of zero, where the initial factors and the first AdaGrad steps are of order one.
    /// </summary>
    internal const float MaxScaledLabel = 8f;

    /// <summary>
    /// What labels (and lambda) are divided by while training. LIBMF uses the labels' standard deviation, floored at
    /// 1e-4, so that one learning rate suits any rating scale; that is kept wherever the deviation measures the scale
    /// (std ≥ rms / <see cref="MaxScaledLabel"/>: every rating dataset this project uses, e.g. ml-latest-small with std
    /// 1.04 and rms 3.66). When labels barely vary it does not: constant labels have std 0, LIBMF's floor scaled a
    /// rating of 5 to 50,000 and lambda to 1,000, and the first step overflowed to a NaN training loss. Then the scale
    /// is rms / <see cref="MaxScaledLabel"/>, and 1 for all-zero labels.
    /// </summary>
    internal static float LabelScale(float std, float rootMeanSquare)
    {
        float scale = Math.Max(std, rootMeanSquare / MaxScaledLabel);
        return scale >= 1e-4f ? scale : 1f;
    }

    /// <summary>Ratings relabelled and bucketed by block; inside a block sorted along the longer side, as LIBMF does.</summary>
    internal sealed class Grid
    {
        public required int[] Users { get; init; }
        public required int[] Items { get; init; }
        public required float[] Labels { get; init; }
        public required int[] Starts { get; init; }
    }

    private static Grid BuildGrid(RatingTriples data, int[] userMap, int[] itemMap, int bins, float labelScale)
    {
        int m = data.UserCount, n = data.ItemCount, nnz = data.Count;
        int segmentP = (m + bins - 1) / bins, segmentQ = (n + bins - 1) / bins;
        var keys = new long[nnz];
        var order = new int[nnz];
        var starts = new int[bins * bins + 1];
        long cell = (long)m * n;
        for (int i = 0; i < nnz; i++)
        {
            int u = userMap[data.Users[i]], v = itemMap[data.Items[i]];
            int block = u / segmentP * bins + v / segmentQ;
            starts[block + 1]++;
            keys[i] = block * cell + (m > n ? (long)u * n + v : (long)v * m + u);
            order[i] = i;
        }
        for (int b = 0; b < bins * bins; b++)
            starts[b + 1] += starts[b];
        Array.Sort(keys, order);

        var users = new int[nnz];
        var items = new int[nnz];
        var labels = new float[nnz];
        for (int i = 0; i < nnz; i++)
        {
            int source = order[i];
            users[i] = userMap[data.Users[source]];
            items[i] = itemMap[data.Items[source]];
            labels[i] = data.Labels[source] * labelScale;
        }
        return new Grid { Users = users, Items = items, Labels = labels, Starts = starts };
    }

    /// <summary>
    /// Factor tables (rows of <see cref="Stride"/> floats, relabelled and zero-padded as in LIBMF) and their AdaGrad
    /// accumulators (two per row: <c>[row * 2]</c> for the first 8 factors, <c>[row * 2 + 1]</c> for the rest).
    /// </summary>
    internal sealed class SgdState
    {
        /// <summary>
        /// LIBMF's SSE accumulator rule (see the class comment): squared gradients of factors d with d mod 4 = 2 are
        /// left out, which in an 8-wide register are lanes 2 and 6, and the sum is divided by 8 for both groups.
        /// </summary>
        private static readonly Vector256<float> AccumulatedLanes = Vector256.Create(1f, 1f, 0f, 1f, 1f, 1f, 0f, 1f);
        private const float AccumulatorScale = 1f / Align;

        public required float[] P;
        public required float[] Q;
        public required float[] PG;
        public required float[] QG;
        public float[]? UserBias;
        public float[]? ItemBias;
        public float[]? UserBiasG;
        public float[]? ItemBiasG;
        public float Mean;
        public int Stride;
        public float Eta;
        public float Lambda;
        public bool NonNegative;

        public double RunBlock(Grid grid, int begin, int end, bool slowOnly)
        {
            double loss = 0;
            for (int index = begin; index < end; index++)
                loss += Step(grid.Users[index], grid.Items[index], grid.Labels[index], slowOnly);
            return loss;
        }

        /// <summary>One stochastic-gradient step on one (scaled) rating; returns its squared error before the step.</summary>
        public double Step(int u, int v, float label, bool slowOnly)
        {
            int pOffset = u * Stride, qOffset = v * Stride;
            float z = label - Dot(P, pOffset, Q, qOffset, Stride);
            bool biases = UserBias is not null;
            if (biases)
                z -= Mean + UserBias![u] + ItemBias![v];

            Update(pOffset, qOffset, 0, Align, z, ref PG[u * 2], ref QG[v * 2]);
            if (!slowOnly && Stride > Align)
                Update(pOffset, qOffset, Align, Stride, z, ref PG[u * 2 + 1], ref QG[v * 2 + 1]);

            if (biases)
            {
                float gu = -z + Lambda * UserBias![u];
                float gi = -z + Lambda * ItemBias![v];
                UserBias[u] -= Eta / MathF.Sqrt(UserBiasG![u]) * gu;
                ItemBias[v] -= Eta / MathF.Sqrt(ItemBiasG![v]) * gi;
                UserBiasG[u] += gu * gu;
                ItemBiasG[v] += gi * gi;
            }
            return (double)z * z;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Update(int pOffset, int qOffset, int begin, int end, float z, ref float pG, ref float qG)
        {
            var etaP = Vector256.Create(Eta / MathF.Sqrt(pG));
            var etaQ = Vector256.Create(Eta / MathF.Sqrt(qG));
            var lambda = Vector256.Create(Lambda);
            var error = Vector256.Create(z);
            var sumP = Vector256<float>.Zero;
            var sumQ = Vector256<float>.Zero;
            ref float p0 = ref MemoryMarshal.GetArrayDataReference(P);
            ref float q0 = ref MemoryMarshal.GetArrayDataReference(Q);
            for (int d = begin; d < end; d += Align)
            {
                var p = Vector256.LoadUnsafe(ref p0, (nuint)(pOffset + d));
                var q = Vector256.LoadUnsafe(ref q0, (nuint)(qOffset + d));
                var gp = Vector256.FusedMultiplyAdd(lambda, p, -(error * q));
                var gq = Vector256.FusedMultiplyAdd(lambda, q, -(error * p));
                sumP = Vector256.FusedMultiplyAdd(gp, gp, sumP);
                sumQ = Vector256.FusedMultiplyAdd(gq, gq, sumQ);
                p = Vector256.FusedMultiplyAdd(-etaP, gp, p);
                q = Vector256.FusedMultiplyAdd(-etaQ, gq, q);
                if (NonNegative)
                {
                    p = Vector256.Max(p, Vector256<float>.Zero);
                    q = Vector256.Max(q, Vector256<float>.Zero);
                }
                p.StoreUnsafe(ref p0, (nuint)(pOffset + d));
                q.StoreUnsafe(ref q0, (nuint)(qOffset + d));
            }
            pG += Vector256.Dot(sumP, AccumulatedLanes) * AccumulatorScale;
            qG += Vector256.Dot(sumQ, AccumulatedLanes) * AccumulatorScale;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Dot(float[] a, int aOffset, float[] b, int bOffset, int length)
    {
        ref float a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref float b0 = ref MemoryMarshal.GetArrayDataReference(b);
        var acc = Vector256<float>.Zero;
        for (int d = 0; d < length; d += Align)
            acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a0, (nuint)(aOffset + d)), Vector256.LoadUnsafe(ref b0, (nuint)(bOffset + d)), acc);
        return Vector256.Sum(acc);
    }

    internal static int[] Permutation(int size, Random random)
    {
        var map = new int[size];
        for (int i = 0; i < size; i++)
            map[i] = i;
        random.Shuffle(map);
        return map;
    }

    private static float[] Filled(int length, float value)
    {
        var array = new float[length];
        Array.Fill(array, value);
        return array;
    }

    private static void InitialiseRows(float[] table, int[] counts, int[] map, int k, int stride, float scale, Random random)
    {
        // Only rows with data get random values; the rest stay zero and are replaced by the fallback on export.
        for (int original = 0; original < counts.Length; original++)
        {
            if (counts[original] == 0)
                continue;
            int offset = map[original] * stride;
            for (int d = 0; d < k; d++)
                table[offset + d] = random.NextSingle() * scale;
        }
    }

    private static float[] Unshuffle(float[] table, int[] map, int rows, int k, int stride, float factor)
    {
        var result = new float[(long)rows * k];
        for (int original = 0; original < rows; original++)
        {
            int source = map[original] * stride;
            for (int d = 0; d < k; d++)
                result[original * k + d] = table[source + d] * factor;
        }
        return result;
    }
}
