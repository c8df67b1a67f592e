using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.IO;

namespace MLNet.TwoTower.Retrieval.Benchmarks;

/// <summary>
/// Embeddings of a trained Two-Tower model. The model is the library default trained on the generated pseudo dataset
/// (seed 42: 2,000 users, 1,000 items, 60,000 ratings) with n-gram text features, as <c>compare --text ngrams</c>
/// trains it. A catalogue of n items is the 1,000 training items followed by n − 1,000 fresh items from the same
/// generator (chunks of <see cref="ChunkItems"/> with their own seeds); queries are fresh generated users. Fresh items
/// and users have no learned id, so they read the id table's unknown row plus their content features, exactly as a
/// new catalogue item or a new user is served. Features come from the pipelines fitted on the training data; the
/// embeddings from the exported ONNX towers run in ONNX Runtime over batches of <see cref="BatchRows"/> rows.
/// </summary>
internal sealed class TrainedTowerEmbeddings : IEmbeddingSource, IDisposable
{
    private const int ChunkItems = 20_000;
    private const int BatchRows = 1024;
    private const int CatalogueSeed = 1_000_000;
    private const int QuerySeed = 2_000_000;
    private const string CacheMagic = "TTEMB002"; // 002: the towers' vectors as they are (001 renormalised them)

    /// <summary>The feature pipelines' output column (<see cref="EntityFeaturizerOptions.OutputColumnName"/>'s default).</summary>
    private static readonly string FeaturesColumn = new EntityFeaturizerOptions().OutputColumnName;

    private readonly MLContext _ml;
    private readonly PreparedData _data;
    private readonly TwoTowerTransformer _model;
    private readonly InferenceSession _userTower;
    private readonly InferenceSession _itemTower;
    private readonly string _cacheFolder;
    private readonly string _fingerprint;
    private readonly bool _unitLength;

    /// <param name="cacheFolder">Where item embeddings are cached.</param>
    /// <param name="unitLength">
    /// Scale every item and query vector to length 1, as this benchmark did before 2 Dec 2026. That changes the score
    /// (each item's by a factor of its own) and is kept only to reproduce the recall collapse that run measured.
    /// </param>
    /// <param name="seed">The dataset's and the trainer's seed.</param>
    public TrainedTowerEmbeddings(string cacheFolder, bool unitLength = false, int seed = 42)
    {
        _unitLength = unitLength;
        _ml = new MLContext(seed);
        _cacheFolder = cacheFolder;
        var watch = Stopwatch.StartNew();
        var dataset = PseudoDatasetGenerator.Generate(new PseudoDatasetOptions { Seed = seed });
        _data = PreparedData.Prepare(_ml, dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        _model = ReferenceExperiment.TrainTwoTower(_ml, _data, new ExperimentOptions { Seed = seed });
        var towers = Directory.CreateTempSubdirectory("retrieval-bench-towers");
        try
        {
            string userPath = Path.Combine(towers.FullName, "user.onnx"), itemPath = Path.Combine(towers.FullName, "item.onnx");
            _model.ExportOnnx(userPath, itemPath);
            byte[] user = File.ReadAllBytes(userPath), item = File.ReadAllBytes(itemPath);
            // Training is deterministic on CPU, so the tower bytes identify the embeddings a cache file holds.
            _fingerprint = Convert.ToHexString(SHA256.HashData([.. user, .. item]))[..16].ToLowerInvariant();
            var single = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
            _userTower = new InferenceSession(user, single);
            _itemTower = new InferenceSession(item, single);
        }
        finally
        {
            towers.Delete(recursive: true);
        }
        Dimension = _model.Parameters.ItemTower.OutputSize;
        Console.WriteLine($"Trained the towers in {watch.Elapsed.TotalSeconds:F0} s: item features {_data.Features.Items!.Dimension}-wide, " +
            $"user features {_data.Features.Users!.Dimension}-wide, embeddings {Dimension}-d (towers {_fingerprint}).");
    }

    public string Name => $"trained Two-Tower towers (pseudo dataset seed 42, n-gram text; towers {_fingerprint}){(_unitLength ? ", scaled to unit length" : "")}";

    public int Dimension { get; }

    public float[] Items(int count)
    {
        var cache = Path.Combine(_cacheFolder, $"items-{count}-{_fingerprint}{(_unitLength ? "-unit" : "")}.f32");
        if (TryReadCache(cache, count) is { } cached)
        {
            Console.WriteLine($"  {count:N0} item embeddings read from {cache}");
            return cached;
        }
        var watch = Stopwatch.StartNew();
        var vectors = new float[(long)count * Dimension];
        var training = _data.Dataset.Items!;
        int known = Math.Min(count, training.Count);
        // Training items keep their learned id (key = position in PreparedData.ItemIds + 1).
        var keyOf = _data.ItemIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i + 1L, StringComparer.Ordinal);
        Embed(_itemTower, _data.Features.ItemTransformer!, known == training.Count ? training : PseudoCatalogue.Head(training, known), DatasetColumns.ItemIdText,
            id => keyOf.TryGetValue(id, out var key) ? key : 0, vectors, 0);
        double generate = 0;
        for (int start = known, chunk = 0; start < count; start += ChunkItems, chunk++)
        {
            int size = Math.Min(ChunkItems, count - start);
            var generation = Stopwatch.StartNew();
            var table = PseudoCatalogue.Items(size, CatalogueSeed + chunk, $"c{chunk}-");
            generate += generation.Elapsed.TotalSeconds;
            Embed(_itemTower, _data.Features.ItemTransformer!, table, DatasetColumns.ItemIdText, _ => 0, vectors, start);
        }
        ScaleToUnitLengthIfAsked(vectors);
        Console.WriteLine($"  embedded {count:N0} items in {watch.Elapsed.TotalSeconds:F1} s ({generate:F1} s of it generating items; " +
            $"{count / watch.Elapsed.TotalSeconds:N0} items/s)");
        WriteCache(cache, vectors, count);
        return vectors;
    }

    public float[] Queries(int count)
    {
        var users = PseudoCatalogue.Users(count, QuerySeed, "q-");
        var vectors = new float[(long)count * Dimension];
        Embed(_userTower, _data.Features.UserTransformer!, users, DatasetColumns.UserIdText, _ => 0, vectors, 0);
        ScaleToUnitLengthIfAsked(vectors);
        return vectors;
    }

    /// <summary>
    /// The same items through the model's own item tower transformer (ML.NET, one row at a time), to check the ONNX
    /// path gives the same vectors and to time it: returns the largest absolute difference and rows per second.
    /// </summary>
    public (float MaxDifference, double RowsPerSecond, double OnnxRowsPerSecond) CheckAgainstTransformer(int count)
    {
        var table = PseudoCatalogue.Items(count, CatalogueSeed, "c0-");
        var watch = Stopwatch.StartNew();
        var viaOnnx = new float[(long)count * Dimension];
        Embed(_itemTower, _data.Features.ItemTransformer!, table, DatasetColumns.ItemIdText, _ => 0, viaOnnx, 0);
        double onnx = count / watch.Elapsed.TotalSeconds;

        watch.Restart();
        var features = _data.Features.ItemTransformer!.Transform(table.ToDataView(_ml, DatasetColumns.ItemIdText));
        var rows = _ml.Data.LoadFromEnumerable(features.GetColumn<float[]>(FeaturesColumn)
            .Select(f => new ItemFeatureRow { ItemId = uint.MaxValue, ItemFeatures = f }), ItemRowSchema());
        var embedded = _model.ItemTower.Transform(rows).GetColumn<float[]>("ItemEmbedding").ToArray();
        double transformer = count / watch.Elapsed.TotalSeconds;
        float worst = 0;
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < Dimension; j++)
                worst = Math.Max(worst, Math.Abs(embedded[i][j] - viaOnnx[(long)i * Dimension + j]));
        }
        return (worst, transformer, onnx);
    }

    private void ScaleToUnitLengthIfAsked(float[] vectors)
    {
        if (!_unitLength)
            return;
        for (long i = 0; i < vectors.Length; i += Dimension)
        {
            var v = vectors.AsSpan((int)i, Dimension);
            System.Numerics.Tensors.TensorPrimitives.Divide(v, System.Numerics.Tensors.TensorPrimitives.Norm(v), v);
        }
    }

    public void Dispose()
    {
        _userTower.Dispose();
        _itemTower.Dispose();
    }

    /// <summary>Featurises <paramref name="table"/> and runs the tower over it in batches, writing rows from <paramref name="first"/>.</summary>
    private void Embed(InferenceSession tower, ITransformer featurizer, EntityTable table, string idColumn,
        Func<string, long> key, float[] output, int first)
    {
        var features = featurizer.Transform(table.ToDataView(_ml, idColumn));
        var column = features.Schema[FeaturesColumn];
        int width = ((VectorDataViewType)column.Type).Size;
        string featureInput = tower.InputMetadata.Single(i => i.Value.ElementType == typeof(float)).Key;
        string? keyInput = tower.InputMetadata.SingleOrDefault(i => i.Value.ElementType == typeof(long)).Key;
        var batchFeatures = new float[BatchRows * width];
        var batchKeys = new long[BatchRows];
        using var cursor = features.GetRowCursor([column, features.Schema[idColumn]]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(column);
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(features.Schema[idColumn]);
        VBuffer<float> buffer = default;
        ReadOnlyMemory<char> id = default;
        int row = first, filled = 0;
        while (true)
        {
            bool more = cursor.MoveNext();
            if (more)
            {
                getFeatures(ref buffer);
                getId(ref id);
                buffer.CopyTo(batchFeatures.AsSpan(filled * width, width));
                batchKeys[filled] = key(id.ToString());
                filled++;
            }
            if (filled == BatchRows || (!more && filled > 0))
            {
                var feeds = new List<NamedOnnxValue>
                {
                    NamedOnnxValue.CreateFromTensor(featureInput, new DenseTensor<float>(batchFeatures.AsMemory(0, filled * width), [filled, width])),
                };
                if (keyInput is not null)
                    feeds.Add(NamedOnnxValue.CreateFromTensor(keyInput, new DenseTensor<long>(batchKeys.AsMemory(0, filled), [filled])));
                using var results = tower.Run(feeds);
                var embeddings = (DenseTensor<float>)results[0].AsTensor<float>();
                embeddings.Buffer.Span.CopyTo(output.AsSpan(row * Dimension, filled * Dimension));
                row += filled;
                filled = 0;
            }
            if (!more)
                break;
        }
        if (row - first != table.Count)
            throw new InvalidOperationException($"Embedded {row - first} rows of a table of {table.Count}.");
        // The embeddings are used as the towers output them. They are not unit vectors: the normalised tower output is
        // followed by the score terms (popularity prior, rating bias), and the dot product of the two is the model's
        // retrieval score. Renormalising them here, as this benchmark once did, scaled each item's score by a factor of
        // its own, so the benchmark ranked by a different score than the model, and it was the 0.35 "difference" the
        // transformer check reported after the score terms arrived (issue 11).
    }

    private SchemaDefinition ItemRowSchema()
    {
        var schema = SchemaDefinition.Create(typeof(ItemFeatureRow));
        schema[nameof(ItemFeatureRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), _data.ItemIds.Count);
        schema[nameof(ItemFeatureRow.ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _data.Features.Items!.Dimension);
        return schema;
    }

    private float[]? TryReadCache(string path, int count)
    {
        if (!File.Exists(path))
            return null;
        using var reader = new BinaryReader(File.OpenRead(path));
        if (new string(reader.ReadChars(CacheMagic.Length)) != CacheMagic || reader.ReadInt32() != count || reader.ReadInt32() != Dimension)
            return null;
        var vectors = new float[(long)count * Dimension];
        try
        {
            reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vectors.AsSpan()));
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        return vectors;
    }

    private void WriteCache(string path, float[] vectors, int count) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true);
            writer.Write(CacheMagic.ToCharArray());
            writer.Write(count);
            writer.Write(Dimension);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vectors.AsSpan()));
        });

    private sealed class ItemFeatureRow
    {
        /// <summary>0-based in LoadFromEnumerable (v → key v + 1); uint.MaxValue is past the count, i.e. missing: an unseen item.</summary>
        public uint ItemId { get; set; }

        public float[] ItemFeatures { get; set; } = [];
    }
}
