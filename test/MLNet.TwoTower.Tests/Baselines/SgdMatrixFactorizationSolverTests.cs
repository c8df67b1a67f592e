using MLNet.TwoTower.Baselines;

namespace MLNet.TwoTower.Tests.Baselines;

/// <summary>
/// One stochastic-gradient step of the LIBMF-style solver, checked against values worked out by hand. The accumulator
/// rule is the one ML.NET's x64 build of LIBMF runs (its SSE kernel): squared gradients of factors d with d mod 4 = 2
/// are not added, and both groups divide by 8.
/// </summary>
public class SgdMatrixFactorizationSolverTests
{
    // Rank 24: the slow group is factors 0-7, the fast group 8-23. One user, one item, every p = 0.1, every q = 0.2.
    private static SgdMatrixFactorizationSolver.SgdState State() => new()
    {
        P = Enumerable.Repeat(0.1f, 24).ToArray(),
        Q = Enumerable.Repeat(0.2f, 24).ToArray(),
        PG = [1f, 1f],
        QG = [1f, 1f],
        Stride = 24,
        Eta = 0.1f,
        Lambda = 0.05f,
    };

    [Fact]
    public void Step_UpdatesFactorsAndAccumulatorsLikeLibmfSseKernel()
    {
        var state = State();

        double squaredError = state.Step(0, 0, label: 1f, slowOnly: false);

        // z = 1 - 24 * 0.1 * 0.2 = 0.52; gp = 0.05 * 0.1 - 0.52 * 0.2 = -0.099; gq = 0.05 * 0.2 - 0.52 * 0.1 = -0.042.
        Assert.Equal(0.2704, squaredError, 5);
        // Both accumulators start at 1, so the step is eta / sqrt(1) = 0.1 in both groups: p = 0.1 + 0.0099, q = 0.2 + 0.0042.
        Assert.All(state.P, p => Assert.Equal(0.1099f, p, 6));
        Assert.All(state.Q, q => Assert.Equal(0.2042f, q, 6));
        // Slow group: 6 of its 8 factors count (2 and 6 do not): 1 + 6 * 0.099² / 8 and 1 + 6 * 0.042² / 8.
        Assert.Equal(1.00735075f, state.PG[0], 6);
        Assert.Equal(1.001323f, state.QG[0], 6);
        // Fast group: 12 of its 16 factors count (10, 14, 18, 22 do not), still divided by 8, not by 16.
        Assert.Equal(1.0147015f, state.PG[1], 6);
        Assert.Equal(1.002646f, state.QG[1], 6);
    }

    [Fact]
    public void Step_SlowOnly_LeavesFastFactorsAndTheirAccumulatorsAlone()
    {
        var state = State();

        state.Step(0, 0, label: 1f, slowOnly: true);

        Assert.All(state.P[..8], p => Assert.Equal(0.1099f, p, 6));
        Assert.All(state.P[8..], p => Assert.Equal(0.1f, p));
        Assert.All(state.Q[8..], q => Assert.Equal(0.2f, q));
        Assert.Equal(1.00735075f, state.PG[0], 6);
        Assert.Equal(1f, state.PG[1]);
        Assert.Equal(1f, state.QG[1]);
    }
}
