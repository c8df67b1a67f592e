using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Evaluation;

namespace MLNet.TwoTower.Tests.Evaluation;

public class ConstantLabelDataViewTests
{
    private sealed class Row
    {
        public double Label { get; set; }
        public float Other { get; set; }
    }

    [Fact]
    public void Read_DoubleLabel_EveryRowReadsTheConstantAsSingle_OtherColumnsUnchanged()
    {
        var ml = new MLContext(1);
        var source = ml.Data.LoadFromEnumerable(new[] { new Row { Label = 5, Other = 1.5f }, new Row { Label = 2, Other = 2.5f } });

        var view = new ConstantLabelDataView(source, "Label", 1f);

        Assert.Equal(NumberDataViewType.Single, view.Schema["Label"].Type);
        Assert.Equal([1f, 1f], view.GetColumn<float>("Label"));
        Assert.Equal([1.5f, 2.5f], view.GetColumn<float>("Other"));
        Assert.Equal(2, view.GetRowCount());
    }
}
