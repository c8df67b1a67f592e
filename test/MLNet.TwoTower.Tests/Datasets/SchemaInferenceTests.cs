using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Tests.Datasets;

public sealed class SchemaInferenceTests
{
    [Theory]
    [InlineData(FeatureKind.Numeric, "1", "2.5", "", "-3e2")]
    [InlineData(FeatureKind.MultiCategorical, "Action|Comedy", "Drama", "")]
    [InlineData(FeatureKind.Categorical, "north", "south", "north")]
    [InlineData(FeatureKind.Text, "Loves hiking and long walks", "Bakes bread on Sundays")]
    [InlineData(FeatureKind.Categorical, "", " ")]
    // '|' inside long sentences is punctuation, not a label separator.
    [InlineData(FeatureKind.Text, "I like jazz | and also long evening walks by the sea", "Nothing much to say here really")]
    public void Infer_FollowsDocumentedRules(FeatureKind expected, params string[] values) =>
        Assert.Equal(expected, SchemaInference.Infer(values));

    [Fact]
    public void Infer_ManyDistinctShortValues_IsText()
    {
        // 30 distinct two-word titles: more than 20 distinct and more than half distinct → text, not 30 categories.
        var titles = Enumerable.Range(0, 30).Select(i => $"Title {i}").ToArray();
        Assert.Equal(FeatureKind.Text, SchemaInference.Infer(titles));
    }
}
