using Microsoft.Win32.SafeHandles;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Owns a native USearch index. Being a SafeHandle, it is kept alive for the duration of every P/Invoke that takes
/// it, so disposing the index while another thread searches cannot free memory under that search.
/// </summary>
internal sealed class UsearchIndexHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public UsearchIndexHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        UsearchNative.usearch_free(handle, out _);
        return true;
    }
}
