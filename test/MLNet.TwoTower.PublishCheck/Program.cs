// Usage: MLNet.TwoTower.PublishCheck <model.zip> <rows.idv> <output folder>
// Loads a saved Two-Tower model with TwoTowerModel.Load, scores the rows and writes <output>/scores.txt (one score per
// line, the hex of its IEEE bits); loads the serving library too, as a service would. Exit code 0 on success.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Serving.Package;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: MLNet.TwoTower.PublishCheck <model.zip> <rows.idv> <output folder>");
    return 2;
}
var ml = new MLContext(seed: 0);
var model = TwoTowerModel.Load(ml, args[0], out _);
var scores = model.Transform(ml.Data.LoadFromBinary(args[1])).GetColumn<float>("Score").ToArray();
(model as IDisposable)?.Dispose();
File.WriteAllLines(Path.Combine(args[2], "scores.txt"),
    scores.Select(s => BitConverter.SingleToInt32Bits(s).ToString("x8", CultureInfo.InvariantCulture)));
Console.WriteLine($"{scores.Length} rows scored; serving library {typeof(RecommendationPackage).Assembly.GetName().Name} loaded.");
return 0;
