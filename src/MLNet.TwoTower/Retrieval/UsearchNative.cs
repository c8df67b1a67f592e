using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Direct calls into USearch's C library (<c>libusearch_c</c>, shipped by the Cloud.Unum.USearch package). The
/// package's managed <c>USearchIndex</c> hides what concurrent serving needs (search thread contexts, search
/// expansion, loading from a memory buffer) and adds vectors one call at a time, so we bind the same C functions
/// ourselves, with the package's own <see cref="IndexOptions"/> layout.
/// </summary>
internal static class UsearchNative
{
    private const string Library = "libusearch_c";

    [DllImport(Library)]
    public static extern UsearchIndexHandle usearch_init(ref IndexOptions options, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_free(IntPtr index, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_reserve(UsearchIndexHandle index, nuint capacity, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_change_threads_add(UsearchIndexHandle index, nuint threads, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_change_threads_search(UsearchIndexHandle index, nuint threads, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_change_expansion_search(UsearchIndexHandle index, nuint expansion, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_add(UsearchIndexHandle index, ulong key, ref float vector, ScalarKind kind, out IntPtr error);

    [DllImport(Library)]
    public static extern nuint usearch_search(UsearchIndexHandle index, ref float query, ScalarKind kind, nuint count,
        [Out] ulong[] keys, [Out] float[] distances, out IntPtr error);

    /// <summary>Copies the vector stored under <paramref name="key"/> (converted to <paramref name="kind"/>); returns how many were found.</summary>
    [DllImport(Library)]
    public static extern nuint usearch_get(UsearchIndexHandle index, ulong key, nuint count, ref float vector, ScalarKind kind, out IntPtr error);

    [DllImport(Library)]
    public static extern nuint usearch_size(UsearchIndexHandle index, out IntPtr error);

    [DllImport(Library)]
    public static extern nuint usearch_dimensions(UsearchIndexHandle index, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_save(UsearchIndexHandle index, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_view_buffer(UsearchIndexHandle index, IntPtr buffer, nuint length, out IntPtr error);

    [DllImport(Library)]
    public static extern void usearch_load_buffer(UsearchIndexHandle index, IntPtr buffer, nuint length, out IntPtr error);

    /// <summary>Turns a USearch error string into an exception in our words; USearch owns the string, we never free it.</summary>
    public static void ThrowIfFailed(IntPtr error, string operation)
    {
        if (error != IntPtr.Zero)
            throw new InvalidOperationException($"USearch could not {operation}: {Marshal.PtrToStringUTF8(error)}");
    }
}
