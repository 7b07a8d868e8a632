using System.Runtime.InteropServices;

namespace Bidding.Onnx.Native;

/// <summary>An owned ONNX Runtime object, released once by its <c>Release…</c> function when the last user is done.</summary>
internal abstract class OrtHandle(Action<nint> release) : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    internal void Set(nint value) => SetHandle(value);

    protected override bool ReleaseHandle()
    {
        release(handle);
        return true;
    }
}

internal sealed class OrtEnvHandle() : OrtHandle(OrtApi.ReleaseEnv);

internal sealed class OrtSessionOptionsHandle() : OrtHandle(OrtApi.ReleaseSessionOptions);

/// <summary>A session, with the native arrays of its input and output names, which live exactly as long as it does.</summary>
internal sealed class OrtSessionHandle() : OrtHandle(OrtApi.ReleaseSession)
{
    public nint InputNames { get; set; }

    public int InputCount { get; set; }

    public nint OutputNames { get; set; }

    public int OutputCount { get; set; }

    protected override unsafe bool ReleaseHandle()
    {
        base.ReleaseHandle();
        Free((byte**)InputNames, InputCount);
        Free((byte**)OutputNames, OutputCount);
        return true;
    }

    private static unsafe void Free(byte** names, int count)
    {
        if (names is null)
            return;
        for (var i = 0; i < count; i++)
            Marshal.FreeCoTaskMem((nint)names[i]);
        NativeMemory.Free(names);
    }
}

internal sealed class OrtMemoryInfoHandle() : OrtHandle(OrtApi.ReleaseMemoryInfo);
