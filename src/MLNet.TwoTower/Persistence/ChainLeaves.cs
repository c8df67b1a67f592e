using Microsoft.ML;

namespace MLNet.TwoTower.Persistence;

/// <summary>Flattens nested transformer chains (ours and ML.NET's) into the built-in transformers that do the work.</summary>
internal static class ChainLeaves
{
    public static IEnumerable<ITransformer> Of(ITransformer transformer) => transformer switch
    {
        TwoTowerTransformer model => Of(model.Chain),
        TowerTransformer tower => Of(tower.Chain),
        LoadedModel loaded => Of(loaded.Chain),
        IEnumerable<ITransformer> chain => chain.SelectMany(Of),
        _ => [transformer],
    };
}
