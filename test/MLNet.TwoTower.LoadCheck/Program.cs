// Usage: MLNet.TwoTower.LoadCheck <plain|registered> <model.zip> <rows.idv> <output folder>
//   plain:      bare ml.Model.Load, before any type of MLNet.TwoTower has been touched in this process;
//   registered: MLNet.TwoTower.Persistence.TwoTowerModel.Load (registers the library's custom mapping first).
// Writes <output>/scores.txt (one score per line as the hex of its IEEE bits) and <output>/libraries.txt (the
// native libraries mapped into this process after scoring, from /proc/self/maps) and <output>/before-load.txt
// and after-load.txt (whether the MLNet.TwoTower assembly was loaded before and after the model load). On a load failure, writes
// <output>/error.txt and exits with 3.
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length != 4 || args[0] is not ("plain" or "registered"))
{
    Console.Error.WriteLine("usage: MLNet.TwoTower.LoadCheck <plain|registered> <model.zip> <rows.idv> <output folder>");
    return 2;
}
var (mode, modelPath, rowsPath, outputFolder) = (args[0], args[1], args[2], args[3]);
var ml = new MLContext(seed: 0);

File.WriteAllText(Path.Combine(outputFolder, "before-load.txt"),
    AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "MLNet.TwoTower") ? "loaded" : "not loaded");
ITransformer model;
try
{
    model = mode == "plain" ? ml.Model.Load(modelPath, out _) : LoadWithLibrary(ml, modelPath);
}
catch (Exception e)
{
    File.WriteAllText(Path.Combine(outputFolder, "error.txt"), $"{e.GetType().FullName}: {e.Message}");
    return 3;
}

File.WriteAllText(Path.Combine(outputFolder, "after-load.txt"),
    AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "MLNet.TwoTower") ? "loaded" : "not loaded");
var scores = model.Transform(ml.Data.LoadFromBinary(rowsPath)).GetColumn<float>("Score");
File.WriteAllLines(Path.Combine(outputFolder, "scores.txt"),
    scores.Select(s => BitConverter.SingleToInt32Bits(s).ToString("x8", CultureInfo.InvariantCulture)));

var libraries = File.ReadLines("/proc/self/maps")
    .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
    .Where(fields => fields.Length >= 6 && fields[5].Contains(".so", StringComparison.Ordinal))
    .Select(fields => fields[5])
    .Distinct();
File.WriteAllLines(Path.Combine(outputFolder, "libraries.txt"), libraries);
return 0;

// A separate, never-inlined method: compiling the top-level code must not pull in MLNet.TwoTower in plain mode.
[MethodImpl(MethodImplOptions.NoInlining)]
static ITransformer LoadWithLibrary(MLContext ml, string path) =>
    MLNet.TwoTower.Persistence.TwoTowerModel.Load(ml, path, out _);
