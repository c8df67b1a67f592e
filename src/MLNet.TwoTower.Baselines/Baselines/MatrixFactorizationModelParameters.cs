namespace MLNet.TwoTower.Baselines;

/// <summary>
/// The learned tables of a matrix-factorization model. Row r of a table belongs to key value r + 1 (ML.NET keys are
/// 1-based; 0 means missing). Keys without training rows are "unseen" and score through the
/// <see cref="UnseenKeyFallback"/> chosen at training time.
/// </summary>
public sealed class MatrixFactorizationModelParameters
{
    private readonly float[] _userTable;   // (NumberOfUsers + 1) × rank, row 0 = fallback, row key = key's factors
    private readonly float[] _itemTable;
    private readonly float[] _userBiasTable; // NumberOfUsers + 1, zeros without biases
    private readonly float[] _itemBiasTable;

    internal MatrixFactorizationModelParameters(FactorModel model, UnseenKeyFallback fallback)
    {
        ApproximationRank = model.Rank;
        NumberOfUsers = model.UserCounts.Length;
        NumberOfItems = model.ItemCounts.Length;
        HasBiases = model.UserBiases is not null;
        GlobalBias = HasBiases ? model.GlobalBias : 0f;
        Fallback = fallback;
        UserTrainingCounts = model.UserCounts;
        ItemTrainingCounts = model.ItemCounts;
        TrainingLossPerIteration = model.TrainingLossPerIteration;
        (_userTable, _userBiasTable) = BuildLookupTable(model.UserFactors, model.UserBiases, model.UserCounts, model.Rank, fallback);
        (_itemTable, _itemBiasTable) = BuildLookupTable(model.ItemFactors, model.ItemBiases, model.ItemCounts, model.Rank, fallback);
    }

    /// <summary>Number of factors per user and per item.</summary>
    public int ApproximationRank { get; }

    /// <summary>Key count of the user (matrix row) column the model was trained on.</summary>
    public int NumberOfUsers { get; }

    /// <summary>Key count of the item (matrix column) column the model was trained on.</summary>
    public int NumberOfItems { get; }

    /// <summary>Whether global, user and item biases were learned.</summary>
    public bool HasBiases { get; }

    /// <summary>The global mean (0 without biases).</summary>
    public float GlobalBias { get; }

    /// <summary>What unseen, missing or out-of-range keys get.</summary>
    public UnseenKeyFallback Fallback { get; }

    /// <summary>Training rows per user (index = key − 1); 0 marks an unseen user.</summary>
    public IReadOnlyList<int> UserTrainingCounts { get; }

    /// <summary>Training rows per item (index = key − 1); 0 marks an unseen item.</summary>
    public IReadOnlyList<int> ItemTrainingCounts { get; }

    /// <summary>Training loss after each iteration (squared error for regression, the full objective for one-class).</summary>
    public IReadOnlyList<double> TrainingLossPerIteration { get; }

    /// <summary>The factors for a user key (fallback row for 0, unseen or out-of-range keys).</summary>
    public ReadOnlySpan<float> GetUserFactors(uint userKey) => _userTable.AsSpan(UserRow(userKey) * ApproximationRank, ApproximationRank);

    /// <summary>The factors for an item key (fallback row for 0, unseen or out-of-range keys).</summary>
    public ReadOnlySpan<float> GetItemFactors(uint itemKey) => _itemTable.AsSpan(ItemRow(itemKey) * ApproximationRank, ApproximationRank);

    /// <summary>The user's bias (0 without biases).</summary>
    public float GetUserBias(uint userKey) => _userBiasTable[UserRow(userKey)];

    /// <summary>The item's bias (0 without biases).</summary>
    public float GetItemBias(uint itemKey) => _itemBiasTable[ItemRow(itemKey)];

    /// <summary>The score the transformer gives the pair: global + user bias + item bias + user factors · item factors.</summary>
    public float Score(uint userKey, uint itemKey)
    {
        var p = GetUserFactors(userKey);
        var q = GetItemFactors(itemKey);
        return GlobalBias + GetUserBias(userKey) + GetItemBias(itemKey) + System.Numerics.Tensors.TensorPrimitives.Dot(p, q);
    }

    /// <summary>
    /// Embeddings whose dot product equals <see cref="Score"/>, for retrieval and full-catalog metrics: the user side is
    /// <c>[factors, 1, user bias + global]</c> and the item side <c>[factors, item bias, 1]</c> (rank + 2 wide with
    /// biases, rank wide without). Row r is key r + 1; returned row-major.
    /// </summary>
    public (float[] Users, float[] Items, int Dimension) GetScoringEmbeddings()
    {
        int k = ApproximationRank;
        if (!HasBiases)
            return (_userTable[k..], _itemTable[k..], k);
        int dimension = k + 2;
        var users = new float[NumberOfUsers * dimension];
        var items = new float[NumberOfItems * dimension];
        for (int u = 0; u < NumberOfUsers; u++)
        {
            _userTable.AsSpan((u + 1) * k, k).CopyTo(users.AsSpan(u * dimension));
            users[u * dimension + k] = 1f;
            users[u * dimension + k + 1] = _userBiasTable[u + 1] + GlobalBias;
        }
        for (int i = 0; i < NumberOfItems; i++)
        {
            _itemTable.AsSpan((i + 1) * k, k).CopyTo(items.AsSpan(i * dimension));
            items[i * dimension + k] = _itemBiasTable[i + 1];
            items[i * dimension + k + 1] = 1f;
        }
        return (users, items, dimension);
    }

    internal float[] UserLookupTable => _userTable;
    internal float[] ItemLookupTable => _itemTable;
    internal float[] UserBiasLookupTable => _userBiasTable;
    internal float[] ItemBiasLookupTable => _itemBiasTable;

    private int UserRow(uint key) => key == 0 || key > NumberOfUsers ? 0 : (int)key;
    private int ItemRow(uint key) => key == 0 || key > NumberOfItems ? 0 : (int)key;

    /// <summary>
    /// Lays a table out for lookup by key: row 0 and every unseen key's row hold the fallback, row key holds the key's
    /// learned values. Graph and managed scoring both read these tables, so they agree by construction.
    /// </summary>
    private static (float[] Table, float[] Bias) BuildLookupTable(float[] factors, float[]? biases, int[] counts, int k, UnseenKeyFallback fallback)
    {
        int rows = counts.Length;
        var fallbackRow = new float[k];
        float fallbackBias = 0;
        switch (fallback)
        {
            case UnseenKeyFallback.NaN:
                Array.Fill(fallbackRow, float.NaN);
                fallbackBias = float.NaN;
                break;
            case UnseenKeyFallback.MeanFactors:
                int seen = 0;
                var sum = new double[k];
                double biasSum = 0;
                for (int r = 0; r < rows; r++)
                {
                    if (counts[r] == 0)
                        continue;
                    seen++;
                    for (int d = 0; d < k; d++)
                        sum[d] += factors[r * k + d];
                    if (biases is not null)
                        biasSum += biases[r];
                }
                for (int d = 0; d < k; d++)
                    fallbackRow[d] = seen == 0 ? 0f : (float)(sum[d] / seen);
                fallbackBias = seen == 0 ? 0f : (float)(biasSum / seen);
                break;
        }
        if (biases is null && fallback != UnseenKeyFallback.NaN)
            fallbackBias = 0;

        var table = new float[(rows + 1) * k];
        var biasTable = new float[rows + 1];
        fallbackRow.CopyTo(table, 0);
        biasTable[0] = fallbackBias;
        for (int r = 0; r < rows; r++)
        {
            if (counts[r] == 0)
            {
                fallbackRow.CopyTo(table, (r + 1) * k);
                biasTable[r + 1] = fallbackBias;
            }
            else
            {
                Array.Copy(factors, r * k, table, (r + 1) * k, k);
                biasTable[r + 1] = biases?[r] ?? 0f;
            }
        }
        return (table, biasTable);
    }
}
