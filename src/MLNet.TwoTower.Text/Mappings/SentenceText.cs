using Microsoft.ML.Data;

namespace MLNet.TwoTower.Text.Mappings;

/// Input row of the tokenizer mapping.
internal sealed class SentenceText
{
    [ColumnName(MappingColumns.Text)]
    public string? Text { get; set; }
}
