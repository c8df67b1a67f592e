namespace MLNet.TwoTower.TwoStage.Training;

/// <summary>
/// The validation metric of the re-rankers' choices: mean nDCG@<see cref="Cutoff"/> over a set's groups (one per user,
/// each contiguous), binary gains as the evaluation's relevance, ties broken by row order so a choice depends on the
/// scores only. Groups without a positive have no ideal order and are skipped.
/// </summary>
internal static class GroupNdcg
{
    /// <summary>The cut-off, the protocols' headline one.</summary>
    public const int Cutoff = 10;

    /// <summary>Mean nDCG@<see cref="Cutoff"/> when row r is scored <paramref name="scores"/>[r].</summary>
    public static double Mean(IReadOnlyList<RerankerTrainingSet.Row> rows, ReadOnlySpan<double> scores) => Mean(PerGroup(rows, scores));

    /// <summary>The mean of <see cref="PerGroup"/>'s values; 0 when no group has a positive.</summary>
    public static double Mean(IReadOnlyList<double> perGroup) => perGroup.Count == 0 ? 0 : perGroup.Average();

    /// <summary>nDCG@<see cref="Cutoff"/> of every group with a positive, in row order, when row r is scored <paramref name="scores"/>[r].</summary>
    public static double[] PerGroup(IReadOnlyList<RerankerTrainingSet.Row> rows, ReadOnlySpan<double> scores)
    {
        var values = new List<double>();
        for (int start = 0; start < rows.Count;)
        {
            int end = start;
            while (end < rows.Count && rows[end].User == rows[start].User)
                end++;
            var labels = new float[end - start];
            for (int r = start; r < end; r++)
                labels[r - start] = rows[r].Label;
            double ideal = Dcg(labels.OrderDescending().ToArray());
            if (ideal > 0)
            {
                var keys = scores[start..end].ToArray();
                var order = Enumerable.Range(0, labels.Length).ToArray();
                Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
                values.Add(Dcg(order.Select(r => labels[r]).ToArray()) / ideal);
            }
            start = end;
        }
        return values.ToArray();
    }

    private static double Dcg(IReadOnlyList<float> labelsInOrder)
    {
        double dcg = 0;
        for (int i = 0; i < Math.Min(Cutoff, labelsInOrder.Count); i++)
            dcg += (Math.Pow(2, labelsInOrder[i]) - 1) / Math.Log2(i + 2);
        return dcg;
    }
}
