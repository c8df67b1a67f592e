using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Tests.Schema;

/// <summary>
/// Builds input <see cref="SchemaShape"/>s for tests. <see cref="SchemaShape.Column"/>'s constructor is internal, so
/// the shape comes from a CustomMapping that adds the columns of <typeparamref name="TRow"/>.
/// </summary>
internal static class SchemaShapes
{
    public sealed class NoColumns;

    public static SchemaShape Of<TRow>(SchemaDefinition definition) where TRow : class, new() =>
        new MLContext().Transforms.CustomMapping<NoColumns, TRow>((_, _) => { }, null,
                SchemaDefinition.Create(typeof(NoColumns)), definition)
            .GetOutputSchema(new SchemaShape(Array.Empty<SchemaShape.Column>()));
}
