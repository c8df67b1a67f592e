// QuickStart: the reference experiment as plain API code.
// Matrix factorization vs a Two-Tower model on a generated dataset, for warm users and for a brand-new user,
// ending with save → load → recommend. Run: dotnet run --project examples/QuickStart [-- --small]
using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Retrieval;

bool small = args.Contains("--small");
var ml = new MLContext(seed: 42);

// 1. Data: users (age, occupation, region, self-introduction), items (title, genres, description), 1–5 ratings.
var dataset = PseudoDatasetGenerator.Generate(small
    ? new PseudoDatasetOptions { Seed = 42, UserCount = 150, ItemCount = 80, RatingCount = 3_000 }
    : new PseudoDatasetOptions { Seed = 42 });

// 2. Features, computed once per user and once per item with ML.NET transforms; ids become keys. The columns get
//    the library's default names (UserId, ItemId, Label, UserFeatures, ItemFeatures), so no option below names one.
//    (TextFeaturizer.SentenceEmbedding uses all-MiniLM-L6-v2 instead of n-grams: better, slower.)
var data = PreparedData.Prepare(ml, dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });

// 3. The reference protocol: a random 80/20 split of the ratings.
var split = InteractionSplitter.Random(ml, data.Interactions, testFraction: 0.2, seed: 42);

// 4. The baseline: matrix factorization with ML.NET's MatrixFactorizationTrainer options.
var mf = ml.Ranking.Trainers.MatrixFactorization(new MatrixFactorizationTrainer.Options
{
    ApproximationRank = 128,
    Quiet = true,
}).Fit(split.TrainSet);

// 5. The Two-Tower model: a user tower and an item tower trained with InfoNCE over in-batch negatives.
var twoTower = ml.Ranking.Trainers.TwoTower(new TwoTowerTrainer.Options
{
    PositiveThreshold = 4f,
    NumberOfEpochs = small ? 3 : 10,
}).Fit(split.TrainSet);

// 6. nDCG@10 per user on the held-out ratings, through ML.NET's ranking evaluator.
var evaluation = new NdcgEvaluationOptions { NaNScores = NaNScoreHandling.RankLast };
foreach (var (name, model) in new (string, ITransformer)[] { ("MatrixFactorization", mf), ("TwoTower", twoTower) })
{
    var ndcg = ReferenceNdcgEvaluator.Evaluate(ml, model.Transform(split.TestSet), evaluation);
    Console.WriteLine($"{name,-20} nDCG@10 = {ndcg.At(10):F4} over {ndcg.EvaluatedUsers} users");
}

// 7. Save, load (no libtorch needed from here on), index the item embeddings, recommend.
var path = Path.Combine(Path.GetTempPath(), "quickstart-two-tower.zip");
ml.Model.Save(twoTower, split.TrainSet.Schema, path);
var loaded = ml.Model.Load(path, out _);

using var index = ml.Ranking.BuildItemIndex(loaded, data.ItemRows());
var recommender = ml.Ranking.CreateRecommender(loaded, index, data.UserRows(), split.TrainSet);

string Title(ScoredItem item) => dataset.Items!.GetColumnOrNull("title")!.GetRaw(dataset.Items.IndexOf(data.ItemIds[(int)item.ItemKey - 1]));

Console.WriteLine($"Top 5 for warm user {data.UserIds[0]}:");
foreach (var item in recommender.Recommend(userKey: 1, k: 5))
    Console.WriteLine($"  {item.Score:F3}  {Title(item)}");

// A user with no history at all: only a profile. Matrix factorization cannot score them; the user tower can.
var newUser = data.FeaturizeNewUser(new Dictionary<string, string>
{
    ["age"] = "27",
    ["occupation"] = "student",
    ["self_introduction"] = "I spend my weekends hiking in the mountains and reading about space exploration.",
});
Console.WriteLine("Top 5 for a brand-new user:");
foreach (var item in recommender.RecommendForNewUsers(data.NewUserRow(newUser), k: 5)[0])
    Console.WriteLine($"  {item.Score:F3}  {Title(item)}");

// Expected output (full size, seed 42, measured on the project's 2-core machine — shared with an ablation run, so
// 3 min wall, 83 s CPU — with libtorch on one thread; the last digits and the titles can differ slightly across
// machines; scores are retrieval scores: the cosine plus β·log(1 + the item's training positives), β chosen on
// validation):
//   MatrixFactorization  nDCG@10 = 0.8567 over 1767 users
//   TwoTower             nDCG@10 = 0.8527 over 1767 users
//   Top 5 for warm user u0001:
//     1.513  The Distant Market
//     …four more titles
//   Top 5 for a brand-new user:
//     1.594  The Distant Market
//     …four more titles
