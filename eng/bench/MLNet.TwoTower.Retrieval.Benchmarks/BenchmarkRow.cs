using MLNet.TwoTower.Retrieval;
using System.Globalization;

namespace MLNet.TwoTower.Retrieval.Benchmarks;

/// <summary>Queries/s on one thread and through the batch API on every core, and recall@10 against exact search.</summary>
internal readonly record struct Measurement(double Single, double Parallel, double Recall, double TieAwareRecall);

/// <summary>
/// The settings of one HNSW row: graph degree, build and search expansion, vector precision, and whether the
/// catalogue was kept in one graph (<see cref="Plain"/>) instead of the library's segments (<c>ItemSegmentation</c>).
/// </summary>
internal readonly record struct HnswSetting(int M, int EfConstruction, int EfSearch, ItemVectorPrecision Precision = ItemVectorPrecision.Float32,
    bool Plain = false)
{
    /// <summary>"" for 32-bit vectors, " f16" for half precision, then " plain" for one unsegmented graph: how the build is named in tables and charts.</summary>
    public string PrecisionSuffix => (Precision == ItemVectorPrecision.Float16 ? " f16" : "") + (Plain ? " plain" : "");
}

/// <summary>
/// One row of the table: an index over a catalogue of <see cref="Items"/> items, with the exact search of the same
/// catalogue and run as the baseline of its ratios. <see cref="Hnsw"/> is null for the exact row.
/// </summary>
internal sealed record BenchmarkRow(int Items, HnswSetting? Hnsw, double BuildSeconds, long SizeBytes, Measurement Measured, Measurement Exact)
{
    public string Index => Hnsw is { } h ? $"HNSW M={h.M} efC={h.EfConstruction}{h.PrecisionSuffix} efS={h.EfSearch}" : "exact";

    public static string MarkdownHeader(int cores) =>
        $"| items | index | build s | size MB | q/s 1 thread | ×exact | q/s {cores} threads | ×exact | recall@10 | tie-aware recall@10 |" +
        Environment.NewLine + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|";

    public string ToMarkdown() => string.Create(CultureInfo.InvariantCulture,
        $"| {Items:N0} | {Index} | {BuildSeconds:F1} | {SizeBytes / 1048576.0:F1} | {Measured.Single:N0} | {Measured.Single / Exact.Single:F1}× | " +
        $"{Measured.Parallel:N0} | {Measured.Parallel / Exact.Parallel:F1}× | {Measured.Recall:F3} | {Measured.TieAwareRecall:F3} |");

    /// <summary>CSV header; <c>batch_threads</c> says how many cores the batch columns used.</summary>
    public const string CsvHeader = "items,index,m,ef_construction,ef_search,build_s,size_bytes,qps_1_thread,x_exact_1_thread," +
        "batch_threads,qps_batch,x_exact_batch,recall_at_10,tie_aware_recall_at_10";

    /// <summary>Full-precision CSV line (invariant culture; the index name never holds a comma or quote).</summary>
    public string ToCsv(int cores) => string.Create(CultureInfo.InvariantCulture,
        $"{Items},{Index},{Hnsw?.M},{Hnsw?.EfConstruction},{Hnsw?.EfSearch},{BuildSeconds:R},{SizeBytes}," +
        $"{Measured.Single:R},{Measured.Single / Exact.Single:R},{cores},{Measured.Parallel:R},{Measured.Parallel / Exact.Parallel:R}," +
        $"{Measured.Recall:R},{Measured.TieAwareRecall:R}");
}
