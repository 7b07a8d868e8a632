using System.Reflection;
using System.Runtime.InteropServices;

namespace Bidding.Onnx.Native;

/// <summary>
/// ONNX Runtime's C API: <c>OrtGetApiBase()</c> gives <c>GetApi(version)</c>, which gives the
/// <c>OrtApi</c> table of function pointers. The table only ever grows at its end, so the slots of
/// API version 13 (what this binding uses) are the same in every later runtime. Every call returns
/// an <c>OrtStatus*</c> (null for success), which <see cref="Check"/> turns into an <see cref="OnnxException"/>.
/// </summary>
internal static unsafe partial class OrtApi
{
    public const string LibraryName = "onnxruntime";
    private const uint ApiVersion = 13;
    private static readonly nint* Table;

    static OrtApi()
    {
        NativeLibrary.SetDllImportResolver(typeof(OrtApi).Assembly, Resolve);
        var apiBase = (nint*)OrtGetApiBase();
        var getApi = (delegate* unmanaged<uint, nint*>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        Version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "";
        Table = getApi(ApiVersion);
        if (Table is null)
            throw new OnnxException(OnnxErrorCode.Fail, $"ONNX Runtime {Version} does not offer C API version {ApiVersion}");
    }

    /// <summary>The runtime's version, as it reports it ("1.30.0").</summary>
    public static string Version { get; }

    [LibraryImport(LibraryName)]
    private static partial nint OrtGetApiBase();

    /// <summary>ORT_LIB_PATH (the library or its folder) first, then libonnxruntime.so.1 beside the application, then the system's search.</summary>
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != LibraryName)
            return 0;
        if (Environment.GetEnvironmentVariable("ORT_LIB_PATH") is { Length: > 0 } configured)
        {
            var file = Directory.Exists(configured) ? Path.Combine(configured, "libonnxruntime.so.1") : configured;
            return NativeLibrary.Load(file);
        }
        var beside = Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so.1");
        if (File.Exists(beside))
            return NativeLibrary.Load(beside);
        return NativeLibrary.TryLoad("libonnxruntime.so.1", assembly, path, out var handle) ? handle : 0;
    }

    /// <summary>Throws the runtime's error (code and message) if <paramref name="status"/> is one, releasing it.</summary>
    public static void Check(nint status)
    {
        if (status == 0)
            return;
        var code = ((delegate* unmanaged<nint, int>)Table[1])(status);
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)Table[2])(status)) ?? "";
        ((delegate* unmanaged<nint, void>)Table[93])(status);
        throw new OnnxException((OnnxErrorCode)code, message);
    }

    // Slots of the OrtApi table (API version 13), in the order the C header declares them.
    public static nint CreateEnv(int level, byte* logId, out nint env) { fixed (nint* p = &env) return ((delegate* unmanaged<int, byte*, nint*, nint>)Table[3])(level, logId, p); }
    public static nint CreateSession(nint env, byte* path, nint options, out nint session) { fixed (nint* p = &session) return ((delegate* unmanaged<nint, byte*, nint, nint*, nint>)Table[7])(env, path, options, p); }
    public static nint CreateSessionFromArray(nint env, void* data, nuint length, nint options, out nint session) { fixed (nint* p = &session) return ((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)Table[8])(env, data, length, options, p); }
    public static nint Run(nint session, nint runOptions, byte** inputNames, nint* inputs, nuint inputCount, byte** outputNames, nuint outputCount, nint* outputs) =>
        ((delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)Table[9])(session, runOptions, inputNames, inputs, inputCount, outputNames, outputCount, outputs);
    public static nint CreateSessionOptions(out nint options) { fixed (nint* p = &options) return ((delegate* unmanaged<nint*, nint>)Table[10])(p); }
    public static nint SetSessionExecutionMode(nint options, int mode) => ((delegate* unmanaged<nint, int, nint>)Table[13])(options, mode);
    public static nint SetSessionLogSeverityLevel(nint options, int level) => ((delegate* unmanaged<nint, int, nint>)Table[22])(options, level);
    public static nint SetSessionGraphOptimizationLevel(nint options, int level) => ((delegate* unmanaged<nint, int, nint>)Table[23])(options, level);
    public static nint SetIntraOpNumThreads(nint options, int threads) => ((delegate* unmanaged<nint, int, nint>)Table[24])(options, threads);
    public static nint SetInterOpNumThreads(nint options, int threads) => ((delegate* unmanaged<nint, int, nint>)Table[25])(options, threads);
    public static nint SessionGetInputCount(nint session, out nuint count) { fixed (nuint* p = &count) return ((delegate* unmanaged<nint, nuint*, nint>)Table[30])(session, p); }
    public static nint SessionGetOutputCount(nint session, out nuint count) { fixed (nuint* p = &count) return ((delegate* unmanaged<nint, nuint*, nint>)Table[31])(session, p); }
    public static nint SessionGetInputTypeInfo(nint session, nuint index, out nint typeInfo) { fixed (nint* p = &typeInfo) return ((delegate* unmanaged<nint, nuint, nint*, nint>)Table[33])(session, index, p); }
    public static nint SessionGetOutputTypeInfo(nint session, nuint index, out nint typeInfo) { fixed (nint* p = &typeInfo) return ((delegate* unmanaged<nint, nuint, nint*, nint>)Table[34])(session, index, p); }
    public static nint SessionGetInputName(nint session, nuint index, nint allocator, out byte* name) { fixed (byte** p = &name) return ((delegate* unmanaged<nint, nuint, nint, byte**, nint>)Table[36])(session, index, allocator, p); }
    public static nint SessionGetOutputName(nint session, nuint index, nint allocator, out byte* name) { fixed (byte** p = &name) return ((delegate* unmanaged<nint, nuint, nint, byte**, nint>)Table[37])(session, index, allocator, p); }
    public static nint CreateTensorWithDataAsOrtValue(nint memoryInfo, void* data, nuint bytes, long* shape, nuint rank, int type, out nint value) { fixed (nint* p = &value) return ((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)Table[49])(memoryInfo, data, bytes, shape, rank, type, p); }
    public static nint GetTensorMutableData(nint value, out void* data) { fixed (void** p = &data) return ((delegate* unmanaged<nint, void**, nint>)Table[51])(value, p); }
    public static nint CastTypeInfoToTensorInfo(nint typeInfo, out nint tensorInfo) { fixed (nint* p = &tensorInfo) return ((delegate* unmanaged<nint, nint*, nint>)Table[55])(typeInfo, p); }
    public static nint GetOnnxTypeFromTypeInfo(nint typeInfo, out int type) { fixed (int* p = &type) return ((delegate* unmanaged<nint, int*, nint>)Table[56])(typeInfo, p); }
    public static nint GetTensorElementType(nint tensorInfo, out int type) { fixed (int* p = &type) return ((delegate* unmanaged<nint, int*, nint>)Table[60])(tensorInfo, p); }
    public static nint GetDimensionsCount(nint tensorInfo, out nuint count) { fixed (nuint* p = &count) return ((delegate* unmanaged<nint, nuint*, nint>)Table[61])(tensorInfo, p); }
    public static nint GetDimensions(nint tensorInfo, long* dims, nuint count) => ((delegate* unmanaged<nint, long*, nuint, nint>)Table[62])(tensorInfo, dims, count);
    public static nint GetTensorShapeElementCount(nint tensorInfo, out nuint count) { fixed (nuint* p = &count) return ((delegate* unmanaged<nint, nuint*, nint>)Table[64])(tensorInfo, p); }
    public static nint GetTensorTypeAndShape(nint value, out nint tensorInfo) { fixed (nint* p = &tensorInfo) return ((delegate* unmanaged<nint, nint*, nint>)Table[65])(value, p); }
    public static nint GetValueType(nint value, out int type) { fixed (int* p = &type) return ((delegate* unmanaged<nint, int*, nint>)Table[67])(value, p); }
    public static nint CreateCpuMemoryInfo(int allocatorType, int memType, out nint info) { fixed (nint* p = &info) return ((delegate* unmanaged<int, int, nint*, nint>)Table[69])(allocatorType, memType, p); }
    public static nint AllocatorFree(nint allocator, void* pointer) => ((delegate* unmanaged<nint, void*, nint>)Table[76])(allocator, pointer);
    public static nint GetAllocatorWithDefaultOptions(out nint allocator) { fixed (nint* p = &allocator) return ((delegate* unmanaged<nint*, nint>)Table[78])(p); }
    public static void ReleaseEnv(nint env) => ((delegate* unmanaged<nint, void>)Table[92])(env);
    public static void ReleaseMemoryInfo(nint info) => ((delegate* unmanaged<nint, void>)Table[94])(info);
    public static void ReleaseSession(nint session) => ((delegate* unmanaged<nint, void>)Table[95])(session);
    public static void ReleaseValue(nint value) => ((delegate* unmanaged<nint, void>)Table[96])(value);
    public static void ReleaseTypeInfo(nint typeInfo) => ((delegate* unmanaged<nint, void>)Table[98])(typeInfo);
    public static void ReleaseTensorTypeAndShapeInfo(nint tensorInfo) => ((delegate* unmanaged<nint, void>)Table[99])(tensorInfo);
    public static void ReleaseSessionOptions(nint options) => ((delegate* unmanaged<nint, void>)Table[100])(options);
    public static nint SessionGetModelMetadata(nint session, out nint metadata) { fixed (nint* p = &metadata) return ((delegate* unmanaged<nint, nint*, nint>)Table[111])(session, p); }
    public static nint ModelMetadataGetProducerName(nint metadata, nint allocator, out byte* value) { fixed (byte** p = &value) return ((delegate* unmanaged<nint, nint, byte**, nint>)Table[112])(metadata, allocator, p); }
    public static nint ModelMetadataLookupCustomMetadataMap(nint metadata, nint allocator, byte* key, out byte* value) { fixed (byte** p = &value) return ((delegate* unmanaged<nint, nint, byte*, byte**, nint>)Table[116])(metadata, allocator, key, p); }
    public static nint ModelMetadataGetVersion(nint metadata, out long version) { fixed (long* p = &version) return ((delegate* unmanaged<nint, long*, nint>)Table[117])(metadata, p); }
    public static void ReleaseModelMetadata(nint metadata) => ((delegate* unmanaged<nint, void>)Table[118])(metadata);
    public static nint ModelMetadataGetCustomMetadataMapKeys(nint metadata, nint allocator, out byte** keys, out long count)
    {
        fixed (byte*** k = &keys)
        fixed (long* c = &count)
            return ((delegate* unmanaged<nint, nint, byte***, long*, nint>)Table[123])(metadata, allocator, k, c);
    }
}
