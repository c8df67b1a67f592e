namespace MLNet.TwoTower.Text.Mappings;

/// Counts the word pieces of a text, [CLS] and [SEP] included, as the embedding transform would see them.
internal static class TokenCounter
{
    private const int Longest = 512;

    public static int Count(string? text)
    {
        var ids = new long[Longest];
        var mask = new long[Longest];
        var tokenizer = MiniLmResources.Tokenizer;
        lock (tokenizer)
        {
            tokenizer.Encode(text ?? string.Empty, ids, mask, padTo: null);
        }

        int count = 0;
        while (count < Longest && mask[count] != 0)
        {
            count++;
        }

        return count;
    }
}
