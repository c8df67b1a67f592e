using static TorchSharp.torch;

namespace MLNet.TwoTower.Training;

/// <summary>Chooses where training runs, following ML.NET's <c>GpuDeviceId</c> / <c>FallbackToCpu</c> convention.</summary>
internal static class TorchDeviceSelector
{
    /// <param name="gpuDeviceId">MLContext.GpuDeviceId: null means CPU.</param>
    /// <param name="fallbackToCpu">MLContext.FallbackToCpu: use the CPU when the GPU is unavailable instead of failing.</param>
    /// <param name="warn">Receives a message when falling back.</param>
    public static Device Select(int? gpuDeviceId, bool fallbackToCpu, Action<string> warn)
    {
        if (gpuDeviceId is not int id)
            return CPU;
        if (cuda.is_available() && id >= 0 && id < cuda.device_count())
            return new Device(TorchSharp.DeviceType.CUDA, id);

        var reason = cuda.is_available()
            ? $"there is no CUDA device {id} (found {cuda.device_count()})"
            : "CUDA is not available (this build of TorchSharp is CPU-only, or no driver was found)";
        if (!fallbackToCpu)
        {
            throw new InvalidOperationException(
                $"MLContext.GpuDeviceId is {id} but {reason}. Set MLContext.FallbackToCpu = true to train on the CPU instead, or reference a CUDA build of TorchSharp.");
        }
        warn($"MLContext.GpuDeviceId is {id} but {reason}; training on the CPU because MLContext.FallbackToCpu is set.");
        return CPU;
    }
}
