namespace MLNet.TwoTower.Serving.Package;

/// <summary>Writes a model's two ONNX towers into a folder, both or neither.</summary>
public static class OnnxExport
{
    /// <summary>The user tower's file name.</summary>
    public const string UserTowerFile = "user_tower.onnx";

    /// <summary>The item tower's file name.</summary>
    public const string ItemTowerFile = "item_tower.onnx";

    /// <summary>
    /// Writes both towers to temporary siblings in <paramref name="folder"/> (each flushed to disk), then renames them
    /// over <see cref="UserTowerFile"/> and <see cref="ItemTowerFile"/>: a failure before the renames leaves any earlier
    /// pair untouched and no temporary files behind.
    /// </summary>
    /// <returns>The full paths of the two files.</returns>
    public static (string UserTower, string ItemTower) WriteBoth(TwoTowerTransformer model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        var user = Path.Combine(folder, UserTowerFile);
        var item = Path.Combine(folder, ItemTowerFile);
        var suffix = $".{Guid.NewGuid():N}.tmp";
        var userTemporary = Path.Combine(folder, "." + UserTowerFile + suffix);
        var itemTemporary = Path.Combine(folder, "." + ItemTowerFile + suffix);
        try
        {
            model.ExportOnnx(userTemporary, itemTemporary);
            File.Move(userTemporary, user, overwrite: true);
            File.Move(itemTemporary, item, overwrite: true);
            return (user, item);
        }
        finally
        {
            foreach (var temporary in new[] { userTemporary, itemTemporary })
                if (File.Exists(temporary))
                    File.Delete(temporary);
        }
    }
}
