using Microsoft.Win32.SafeHandles;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Owns a native USearch index. Being a SafeHandle, it is kept alive for the duration of every P/Invoke that takes
/// it, so disposing the index while another thread searches cannot free memory under that search. A viewed index
/// reads the memory-mapped file in place, so the mapping (<see cref="Backing"/>) is released only after the index.
/// </summary>
internal sealed class UsearchIndexHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public UsearchIndexHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Memory the native index reads from (a file mapping), released right after the index is freed.</summary>
    public IDisposable? Backing { get; set; }

    protected override bool ReleaseHandle()
    {
        UsearchNative.usearch_free(handle, out _);
        Backing?.Dispose();
        return true;
    }
}
