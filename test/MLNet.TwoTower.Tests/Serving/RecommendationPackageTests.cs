using Microsoft.ML;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Tests.Serving;

[Collection(TorchCollection.Name)]
public sealed class RecommendationPackageTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TrainedPackageFixture _fixture = TrainedPackageFixture.Shared;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_AfterSave_RecommendsAsTheModelDoes_AndServesItemsWithoutInteractions()
    {
        var folder = _temp.File("model");
        _fixture.Save(folder);
        using var package = RecommendationPackage.Open(folder);
        var data = _fixture.Data;
        Assert.Equal(data.UserIds, package.UserIds);
        Assert.Equal([.. data.ItemIds, _fixture.ItemWithoutInteractions], package.ItemIds);
        Assert.Equal(1, package.Metadata.ItemsWithoutInteractions);
        Assert.Equal("NGrams", package.Metadata.TextFeaturizer);
        Assert.Equal(ItemIndexKind.Exact, package.IndexKind);

        // The reference: the in-memory path the README shows, over the model's own items.
        using var index = _fixture.Ml.Ranking.BuildItemIndex(_fixture.Model, data.ItemRows());
        var reference = _fixture.Ml.Ranking.CreateRecommender(_fixture.Model, index, data.UserRows(), data.Interactions);
        foreach (var user in new[] { "u07", "u42", "u79" })
        {
            uint key = (uint)data.UserIds.ToList().IndexOf(user) + 1;
            var seen = reference.SeenItems(key);
            var all = package.RecommendForUser(user, package.ItemIds.Count);
            // Every unseen item comes back, the item without interactions included, and nothing seen does.
            Assert.Equal(package.ItemIds.Count - seen.Count, all.Count);
            Assert.Contains(all, r => r.ItemId == _fixture.ItemWithoutInteractions);
            var expected = reference.Recommend(key, 10);
            var actual = all.Where(r => r.ItemId != _fixture.ItemWithoutInteractions).Take(10).ToArray();
            Assert.Equal(expected.Select(e => data.ItemIds[(int)e.ItemKey - 1]), actual.Select(a => a.ItemId));
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i].Score, actual[i].Score, 5);
            Assert.Equal(all.Take(3), package.RecommendForUser(user, 3));
        }
    }

    [Fact]
    public void Open_HnswPackage_RanksAsTheExactOne_ItemWithoutInteractionsIncluded()
    {
        // Every user's top 10 from the HNSW package matches exact search's, and asked for everything it returns the
        // item without interactions (an index searches items whose vectors differ structurally, such as one without
        // the trained items' popularity prior, in a segment of their own). Asked for everything, the graph of this
        // tiny catalogue leaves a few trained items unreached: the search is approximate beyond the top.
        var exactFolder = _temp.File("exact");
        var hnswFolder = _temp.File("hnsw-new-item");
        _fixture.Save(exactFolder);
        RecommendationPackage.Save(hnswFolder, _fixture.Ml, _fixture.Content() with { IndexOptions = new ItemIndexOptions { Kind = ItemIndexKind.Hnsw } });
        using var exact = RecommendationPackage.Open(exactFolder);
        using var hnsw = RecommendationPackage.Open(hnswFolder);

        Assert.Equal(ItemIndexKind.Hnsw, hnsw.IndexKind);
        foreach (var user in exact.UserIds)
            Assert.Equal(exact.RecommendForUser(user, 10), hnsw.RecommendForUser(user, 10));
        Assert.Contains(hnsw.RecommendForUser("u07", hnsw.ItemIds.Count), r => r.ItemId == _fixture.ItemWithoutInteractions);
        Assert.Equal(exact.SimilarItems(_fixture.ItemWithoutInteractions, 5), hnsw.SimilarItems(_fixture.ItemWithoutInteractions, 5));
    }

    [Fact]
    public void Open_HnswPackage_SearchesWithTheSavedEfSearch_OrTheOneGiven()
    {
        var folder = _temp.File("hnsw");
        RecommendationPackage.Save(folder, _fixture.Ml,
            _fixture.Content() with { IndexOptions = new ItemIndexOptions { Kind = ItemIndexKind.Hnsw, ExpansionSearch = 48 } });

        using (var saved = RecommendationPackage.Open(folder))
        {
            Assert.Equal(ItemIndexKind.Hnsw, saved.IndexKind);
            Assert.Equal(48, saved.ExpansionSearch);
        }
        using (var given = RecommendationPackage.Open(folder, expansionSearch: 7))
        {
            Assert.Equal(7, given.ExpansionSearch);
            Assert.Equal(10, given.RecommendForUser("u07", 10).Count);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => RecommendationPackage.Open(folder, expansionSearch: 0));

        var exact = _temp.File("exact");
        _fixture.Save(exact);
        using var exactPackage = RecommendationPackage.Open(exact, expansionSearch: 7);
        Assert.Null(exactPackage.ExpansionSearch);
    }

    [Fact]
    public void Open_HalfPrecisionHnswPackage_RecommendsAsTheExactPackageDoes()
    {
        // efSearch above the catalogue size: the half-precision graph hands every item to the exact rescoring, so a
        // known user's list (seen items excluded), a new user's and similar items equal the exact package's, scores
        // included; the package opens the graph prefaulted, as a server swapping it in does.
        var half = _temp.File("half");
        RecommendationPackage.Save(half, _fixture.Ml, _fixture.Content() with
        {
            IndexOptions = new ItemIndexOptions { Kind = ItemIndexKind.Hnsw, VectorPrecision = ItemVectorPrecision.Float16, ExpansionSearch = 1000 },
        });
        var exact = _temp.File("exact");
        _fixture.Save(exact);
        using var halfPackage = RecommendationPackage.Open(half);
        using var exactPackage = RecommendationPackage.Open(exact);
        var profile = new Dictionary<string, string?> { ["age"] = "29", ["occupation"] = "teacher" };

        Assert.Equal(ItemIndexKind.Hnsw, halfPackage.IndexKind);
        foreach (var user in new[] { "u07", "u01", "u30" })
            Assert.Equal(exactPackage.RecommendForUser(user, 10), halfPackage.RecommendForUser(user, 10));
        Assert.Equal(exactPackage.RecommendForNewUser(profile, 5), halfPackage.RecommendForNewUser(profile, 5));
        Assert.Equal(exactPackage.SimilarItems(exactPackage.ItemIds[3], 5), halfPackage.SimilarItems(halfPackage.ItemIds[3], 5));
    }

    [Fact]
    public void RecommendForNewUser_ProfileFields_AnswersAndRefusesWhatIsNotAProfile()
    {
        var folder = _temp.File("model");
        _fixture.Save(folder);
        using var package = RecommendationPackage.Open(folder);
        var profile = new Dictionary<string, string?> { ["age"] = "29", ["occupation"] = "teacher", ["self_introduction"] = "I love hiking and old jazz records." };
        var items = package.RecommendForNewUser(profile, 4);
        Assert.Equal(4, items.Count);
        Assert.True(items.Zip(items.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.NotEqual(items, package.RecommendForNewUser(new Dictionary<string, string?> { ["age"] = "64", ["self_introduction"] = "Cooking." }, 4));

        Assert.Contains("'shoe_size'", Assert.Throws<ArgumentException>(() => package.RecommendForNewUser(new Dictionary<string, string?> { ["shoe_size"] = "44" }, 3)).Message);
        foreach (var absurd in new[] { "1e30", "-1e30", "NaN", "Infinity", "abc", "1e400" })
            Assert.Contains("'age'", Assert.Throws<ArgumentException>(() => package.RecommendForNewUser(new Dictionary<string, string?> { ["age"] = absurd }, 3)).Message);
        Assert.Throws<KeyNotFoundException>(() => package.RecommendForUser("nobody", 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => package.RecommendForUser("u07", 0));
    }

    [Fact]
    public void SimilarItems_AndAllUsers_ComeFromTheSameEmbeddings()
    {
        var folder = _temp.File("model");
        _fixture.Save(folder);
        using var package = RecommendationPackage.Open(folder);
        var similar = package.SimilarItems(_fixture.ItemWithoutInteractions, 5);
        Assert.Equal(5, similar.Count);
        Assert.DoesNotContain(similar, s => s.ItemId == _fixture.ItemWithoutInteractions);
        Assert.Throws<KeyNotFoundException>(() => package.SimilarItems("no-such-item", 5));

        var everyone = package.RecommendForAllUsers(3, batchSize: 7).ToArray();
        Assert.Equal(package.UserIds, everyone.Select(e => e.UserId));
        foreach (var (user, items) in everyone)
            Assert.Equal(package.RecommendForUser(user, 3), items);
    }

    [Fact]
    public void Save_KilledAtEveryStep_ReaderSeesOldOrNew_AndTheNextWriteCleansUp()
    {
        var folder = _temp.File("model");
        _fixture.Save(folder, "old");
        // A kill freezes the disk as it is at that moment (every file was flushed before the next step): copy it there,
        // and check the copy at once (one copy on disk at a time).
        var steps = new List<string>();
        var seen = new HashSet<string>();
        RecommendationPackage.SaveWithHook(folder, _fixture.Ml, _fixture.Content("new"), step =>
        {
            steps.Add(step);
            var snapshot = _temp.File($"killed-{steps.Count:D2}");
            TempFolder.Copy(folder, snapshot);
            using (var package = RecommendationPackage.Open(snapshot))
            {
                Assert.Equal(10, package.RecommendForUser("u07", 10).Count);
                seen.Add(package.Metadata.Dataset!);
                // Only the very last step (after the pointer switch) may show the new version.
                Assert.Equal(step == "done" ? "new" : "old", package.Metadata.Dataset);
            }
            _fixture.Save(snapshot, "next");
            using (var next = RecommendationPackage.Open(snapshot))
                Assert.Equal("next", next.Metadata.Dataset);
            var left = Directory.GetFileSystemEntries(snapshot).Select(Path.GetFileName).ToArray();
            Assert.DoesNotContain(left, name => name!.StartsWith(".tmp-", StringComparison.Ordinal));
            Assert.InRange(left.Count(name => name!.StartsWith("v-", StringComparison.Ordinal)), 1, 2);
            Directory.Delete(snapshot, recursive: true);
        });
        Assert.True(steps.Count >= 12, $"only {steps.Count} steps");
        Assert.Equal(["old", "new"], seen.Order().Reverse());
    }

    [Fact]
    public void Save_FailingAtEveryStep_KeepsTheOldVersion_AndLeavesNoTemporaryFiles()
    {
        var folder = _temp.File("model");
        var first = _fixture.Save(folder, "old");
        var steps = new List<string>();
        RecommendationPackage.SaveWithHook(_temp.File("probe"), _fixture.Ml, _fixture.Content(), steps.Add);
        foreach (var failing in steps.Where(s => s != "done"))
        {
            var error = Assert.Throws<IOException>(() => RecommendationPackage.SaveWithHook(folder, _fixture.Ml, _fixture.Content("new"), step =>
            {
                if (step == failing)
                    throw new IOException($"disk full at {step}");
            }));
            Assert.Contains(failing, error.Message);
            Assert.DoesNotContain(Directory.GetFileSystemEntries(folder), e => Path.GetFileName(e).StartsWith(".tmp-", StringComparison.Ordinal));
            using var package = RecommendationPackage.Open(folder);
            Assert.Equal("old", package.Metadata.Dataset);
            Assert.Single(Directory.GetDirectories(folder));
            Assert.Equal(first, package.Folder);
        }
    }

    [Fact]
    public void Open_FlippedBitInAnyFile_FailsNamingThatFile()
    {
        var folder = _temp.File("model");
        var version = Path.GetFileName(_fixture.Save(folder));
        foreach (var file in Directory.GetFiles(Path.Combine(folder, version)).Select(Path.GetFileName))
        {
            var copy = _temp.File("flipped-" + file);
            TempFolder.Copy(folder, copy);
            var path = Path.Combine(copy, version, file!);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x10;
            File.WriteAllBytes(path, bytes);
            var error = Assert.ThrowsAny<IOException>(() => RecommendationPackage.Open(copy));
            Assert.Contains(file!, error.Message);
            Assert.Equal(path, Assert.IsType<PackageFormatException>(error).FileName);
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Open_MissingForeignOrLegacyFiles_AreSpecificErrors()
    {
        var folder = _temp.File("model");
        var version = _fixture.Save(folder);

        var missing = _temp.File("missing");
        TempFolder.Copy(folder, missing);
        File.Delete(Path.Combine(missing, Path.GetFileName(version), PackageFiles.SeenItems));
        Assert.Contains($"{PackageFiles.SeenItems}' is missing", Assert.Throws<PackageFormatException>(() => RecommendationPackage.Open(missing)).Message);

        var foreign = _temp.File("foreign");
        TempFolder.Copy(folder, foreign);
        File.WriteAllText(Path.Combine(foreign, Path.GetFileName(version), "keys.json"), "{}");
        Assert.Contains("keys.json' is not part of this package", Assert.Throws<PackageFormatException>(() => RecommendationPackage.Open(foreign)).Message);

        // The model folder of earlier versions (model.zip beside keys.json, no manifest) is refused with what to do.
        var legacy = _temp.File("legacy");
        Directory.CreateDirectory(legacy);
        File.WriteAllText(Path.Combine(legacy, "keys.json"), "{}");
        Assert.Contains("Train again", Assert.Throws<PackageFormatException>(() => RecommendationPackage.Open(legacy)).Message);

        var dangling = _temp.File("dangling");
        TempFolder.Copy(folder, dangling);
        Directory.Delete(Path.Combine(dangling, Path.GetFileName(version)), recursive: true);
        Assert.Contains("does not exist", Assert.Throws<PackageFormatException>(() => RecommendationPackage.Open(dangling)).Message);

        // A version folder opens directly too.
        using var direct = RecommendationPackage.Open(version);
        Assert.Equal(version, direct.Folder);
    }
}
