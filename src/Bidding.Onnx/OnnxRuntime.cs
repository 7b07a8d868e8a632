using Bidding.Onnx.Native;

namespace Bidding.Onnx;

/// <summary>The process-wide ONNX Runtime environment (one <c>OrtEnv</c>) and CPU memory description, created on first use.</summary>
public static unsafe class OnnxRuntime
{
    private static readonly Lazy<(OrtEnvHandle Env, OrtMemoryInfoHandle Cpu)> Shared = new(Create);

    /// <summary>The native runtime's version ("1.30.0"); loading it throws if it cannot be found (see ORT_LIB_PATH).</summary>
    public static string Version => OrtApi.Version;

    internal static OrtEnvHandle Environment => Shared.Value.Env;

    internal static OrtMemoryInfoHandle CpuMemory => Shared.Value.Cpu;

    private static (OrtEnvHandle, OrtMemoryInfoHandle) Create()
    {
        nint env;
        fixed (byte* id = "bidding\0"u8)
            OrtApi.Check(OrtApi.CreateEnv(level: 3 /* errors only */, id, out env));
        var envHandle = new OrtEnvHandle();
        envHandle.Set(env);

        OrtApi.Check(OrtApi.CreateCpuMemoryInfo(allocatorType: 1 /* arena */, memType: 0 /* default */, out var info));
        var cpu = new OrtMemoryInfoHandle();
        cpu.Set(info);
        return (envHandle, cpu);
    }
}
