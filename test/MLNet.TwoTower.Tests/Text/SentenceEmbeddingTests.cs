using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Text;

namespace MLNet.TwoTower.Tests.Text;

public sealed class SentenceEmbeddingTests
{
    // Cosines published in the sentence-transformers documentation ("Semantic Textual Similarity") for
    // all-MiniLM-L6-v2; the Python reference (and the package's own encoder) print them to 4 decimals.
    private static readonly string[] Sentences =
    [
        "The new movie is awesome", "The new movie is so great",
        "The cat sits outside", "The dog plays in the garden",
        "A man is eating food.", "A man is eating a piece of bread.",
    ];

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;
    }

    private static float[][] Embed(MLContext ml, ITransformer model, IEnumerable<string> texts)
    {
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        return ml.Data.CreateEnumerable<EmbeddingRow>(model.Transform(data), reuseRowObject: false)
            .Select(r => r.Embedding).ToArray();
    }

    private sealed class EmbeddingRow
    {
        public float[] Embedding { get; set; } = [];
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    [Fact]
    public void EmbedSentences_KnownPairs_MatchSentenceTransformersCosines()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Sentences.Select(t => new TextRow { Text = t }));
        var model = ml.Transforms.EmbedSentences("Embedding", "Text").Fit(data);
        var e = Embed(ml, model, Sentences);

        Assert.All(e, v => Assert.Equal(384, v.Length));
        // Unit length, so the dot product below is the cosine.
        Assert.All(e, v => Assert.Equal(1.0, Math.Sqrt(Dot(v, v)), 1e-4));
        Assert.Equal(0.8939, Dot(e[0], e[1]), 1e-3);
        Assert.Equal(0.2838, Dot(e[2], e[3]), 1e-3);
        Assert.Equal(0.7553, Dot(e[4], e[5]), 1e-3);
        // Eating vs. eating beats eating vs. an unrelated sentence.
        Assert.True(Dot(e[4], e[5]) > Dot(e[4], e[3]) + 0.4);
    }

    [Fact]
    public void EmbedSentences_SaveLoadInNewContext_GivesIdenticalVectors()
    {
        var texts = new[] { "Loves hiking and sourdough baking.", string.Empty };
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        var model = ml.Transforms.EmbedSentences("Embedding", "Text", new SentenceEmbeddingOptions { MaximumTokens = 64 }).Fit(data);
        var before = Embed(ml, model, texts);

        using var temp = new TempFolder("minilm-");

        var path = temp.File("model.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var fresh = new MLContext(seed: 2);
            fresh.ComponentCatalog.RegisterSentenceEmbeddings();
            var loaded = fresh.Model.Load(path, out _);
            var after = Embed(fresh, loaded, texts);
            Assert.Equal(before[0], after[0]);
            Assert.Equal(before[1], after[1]);
            var schema = loaded.GetOutputSchema(data.Schema);
            Assert.Null(schema.GetColumnOrNull("input_ids"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Embed_RepeatedTexts_EmbedsEachDistinctTextOnceAndLookupAttachesThem()
    {
        var ml = new MLContext(seed: 1);
        var rows = new[] { "jazz records", "jazz records", "trail running", "jazz records" };
        var table = DistinctSentenceEmbedder.Embed(ml, rows);
        Assert.Equal(2, table.Count);

        var data = ml.Data.LoadFromEnumerable(rows.Select(t => new TextRow { Text = t }));
        var joined = DistinctSentenceEmbedder.CreateLookup(ml, table, "Embedding", "Text").Fit(data).Transform(data);
        var vectors = ml.Data.CreateEnumerable<EmbeddingRow>(joined, reuseRowObject: false).Select(r => r.Embedding).ToArray();
        Assert.Equal(table["jazz records"], vectors[0]);
        Assert.Equal(table["trail running"], vectors[2]);
        Assert.Equal(vectors[0], vectors[3]);
    }

    [Fact]
    public void EmbedSentences_TextNotSeenAtFit_IsEmbeddedAloneLikeTheBatchedOnes()
    {
        // Fit embeds "jazz records" and "trail running" in one batch (both are 4 word pieces); "sourdough" is new at
        // Transform time and goes through the one-text path. Each must match what a fit on that text alone gives.
        var ml = new MLContext(seed: 1);
        string[] fitTexts = ["jazz records", "trail running", "jazz records"];
        var model = ml.Transforms.EmbedSentences("Embedding", "Text")
            .Fit(ml.Data.LoadFromEnumerable(fitTexts.Select(t => new TextRow { Text = t })));
        var batched = Embed(ml, model, ["jazz records", "trail running", "sourdough"]);

        foreach (var (text, index) in new[] { ("jazz records", 0), ("trail running", 1), ("sourdough", 2) })
        {
            var alone = ml.Transforms.EmbedSentences("Embedding", "Text")
                .Fit(ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = text } }));
            var expected = Embed(ml, alone, [text])[0];
            Assert.All(expected.Zip(batched[index]), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
        }

        Assert.True(Dot(batched[0], batched[1]) < 0.9f);
    }

    [Fact]
    public void Embed_TextsOfDifferentLengths_MatchTheirOneByOneVectors()
    {
        // Batches group texts by word-piece count, so padding never enters the numbers: a mixed list must give the
        // vectors each text gets alone (up to float rounding of the larger matrix products).
        var ml = new MLContext(seed: 1);
        var together = DistinctSentenceEmbedder.Embed(ml, Sentences);
        foreach (var sentence in Sentences)
        {
            var alone = DistinctSentenceEmbedder.Embed(ml, [sentence])[sentence];
            Assert.All(alone.Zip(together[sentence]), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
        }
    }

    [Fact]
    public void EmbedSentences_UnsupportedLength_ThrowsNamingOption()
    {
        var ml = new MLContext();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.Transforms.EmbedSentences("E", "T", new SentenceEmbeddingOptions { MaximumTokens = 100 }));
        Assert.Equal("MaximumTokens", error.ParamName);
    }

    [Fact]
    public void ForTexts_PicksShortestLengthHoldingTheLongestText()
    {
        // "A man is eating food." is [CLS] a man is eating food . [SEP] = 8 word pieces → 64.
        Assert.Equal(64, SentenceEmbeddingOptions.ForTexts(["A man is eating food.", null]).MaximumTokens);
        // 100 repetitions of "word" are 102 pieces → 128; 300 are 302 → capped at 256.
        Assert.Equal(128, SentenceEmbeddingOptions.ForTexts([string.Join(' ', Enumerable.Repeat("word", 100))]).MaximumTokens);
        Assert.Equal(256, SentenceEmbeddingOptions.ForTexts([string.Join(' ', Enumerable.Repeat("word", 300))]).MaximumTokens);
        Assert.Equal(8, MLNet.TwoTower.Text.Mappings.TokenCounter.Count("A man is eating food."));
    }

    private sealed class NumberRow
    {
        public float Score { get; set; }
    }

    [Fact]
    public void EmbedSentences_InputNotText_ThrowsNamingColumnAndType()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new NumberRow { Score = 1 } });
        var estimator = ml.Transforms.EmbedSentences("Embedding", "Score");
        var notText = Assert.Throws<ArgumentException>(() => estimator.Fit(data));
        Assert.Contains("'Score' must be Text", notText.Message);
        var missing = Assert.Throws<ArgumentException>(() => ml.Transforms.EmbedSentences("Embedding", "Bio").Fit(data));
        Assert.Contains("'Bio' not found", missing.Message);
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new SentenceEmbeddingOptions();
        Assert.Equal((128, (int?)null, false), (options.MaximumTokens, options.GpuDeviceId, options.FallbackToCpu));
    }
}
