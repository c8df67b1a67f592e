namespace MLNet.TwoTower.Evaluation;

/// <summary>Per-user nDCG at 1..k as computed by ML.NET's ranking evaluator, and who was counted.</summary>
public sealed class NdcgResult
{
    internal NdcgResult(IReadOnlyList<double> ndcg, int evaluatedUsers, int usersWithoutPositives, int naNScoreRows)
    {
        Ndcg = ndcg;
        EvaluatedUsers = evaluatedUsers;
        UsersWithoutPositives = usersWithoutPositives;
        NaNScoreRows = naNScoreRows;
    }

    /// <summary>Mean nDCG over evaluated users; element i is nDCG@(i+1).</summary>
    public IReadOnlyList<double> Ndcg { get; }

    /// <summary>Users with at least one relevant test row (the ones averaged).</summary>
    public int EvaluatedUsers { get; }

    /// <summary>Users left out because none of their test rows is relevant (nDCG is undefined for them).</summary>
    public int UsersWithoutPositives { get; }

    /// <summary>Rows whose score was NaN (ranked last or dropped, per the options).</summary>
    public int NaNScoreRows { get; }

    /// <summary>nDCG@k for 1 ≤ k ≤ the truncation level.</summary>
    public double At(int k)
    {
        if (k < 1 || k > Ndcg.Count)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the truncation level {Ndcg.Count}.");
        return Ndcg[k - 1];
    }
}
