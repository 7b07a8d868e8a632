using System.Runtime.InteropServices;
using System.Text;
using Bidding.Onnx.Native;

namespace Bidding.Onnx;

/// <summary>
/// A loaded model. Runs are thread-safe. Disposing while runs are under way is safe too: the native
/// session is released when the last of them ends (the handle is reference-counted).
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtSessionHandle _session;

    private OnnxSession(OrtSessionHandle session)
    {
        _session = session;
        var raw = session.DangerousGetHandle();
        OrtApi.Check(OrtApi.GetAllocatorWithDefaultOptions(out var allocator));
        Inputs = Describe(raw, allocator, input: true);
        Outputs = Describe(raw, allocator, input: false);
        (Metadata, ProducerName, ModelVersion) = ReadMetadata(raw, allocator);
        // Null-terminated UTF-8 names in native memory, freed with the session (a run may outlast Dispose).
        session.InputNames = NativeNames(Inputs);
        session.InputCount = Inputs.Count;
        session.OutputNames = NativeNames(Outputs);
        session.OutputCount = Outputs.Count;
    }

    public IReadOnlyList<OnnxNodeInfo> Inputs { get; }

    public IReadOnlyList<OnnxNodeInfo> Outputs { get; }

    /// <summary>The model's custom metadata (<c>metadata_props</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public string ProducerName { get; }

    public long ModelVersion { get; }

    public static OnnxSession FromFile(string path, OnnxSessionOptions? options = null)
    {
        using var settings = CreateOptions(options ?? new OnnxSessionOptions());
        var utf8 = Encoding.UTF8.GetBytes(path + "\0");
        nint session;
        fixed (byte* p = utf8)
            OrtApi.Check(OrtApi.CreateSession(OnnxRuntime.Environment.DangerousGetHandle(), p, settings.DangerousGetHandle(), out session));
        return Adopt(session);
    }

    public static OnnxSession FromBytes(ReadOnlySpan<byte> model, OnnxSessionOptions? options = null)
    {
        if (model.IsEmpty)
            throw new OnnxException(OnnxErrorCode.InvalidProtobuf, "the model is empty");
        using var settings = CreateOptions(options ?? new OnnxSessionOptions());
        nint session;
        fixed (byte* p = model)
            OrtApi.Check(OrtApi.CreateSessionFromArray(OnnxRuntime.Environment.DangerousGetHandle(), p, (nuint)model.Length, settings.DangerousGetHandle(), out session));
        return Adopt(session);
    }

    /// <summary>Runs the model on inputs given in <see cref="Inputs"/> order; returns every output, copied into managed arrays.</summary>
    public IReadOnlyList<OnnxTensor> Run(IReadOnlyList<OnnxTensor> inputs)
    {
        if (inputs.Count != Inputs.Count)
            throw new OnnxException(OnnxErrorCode.InvalidArgument, $"the model takes {Inputs.Count} inputs ({string.Join(", ", Inputs)}), {inputs.Count} were given");
        var pins = new GCHandle[inputs.Count];
        var values = stackalloc nint[inputs.Count];
        var outputs = stackalloc nint[Outputs.Count];
        new Span<nint>(values, inputs.Count).Clear();
        new Span<nint>(outputs, Outputs.Count).Clear();
        var added = false;
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var tensor = inputs[i];
                pins[i] = GCHandle.Alloc(tensor.Data, GCHandleType.Pinned);
                var shape = tensor.Shape.ToArray();
                fixed (long* s = shape)
                {
                    OrtApi.Check(OrtApi.CreateTensorWithDataAsOrtValue(OnnxRuntime.CpuMemory.DangerousGetHandle(), (void*)pins[i].AddrOfPinnedObject(),
                        (nuint)(tensor.Data.LongLength * OnnxElementTypes.Size(tensor.ElementType)), s, (nuint)shape.Length, (int)tensor.ElementType, out values[i]));
                }
            }
            _session.DangerousAddRef(ref added);
            OrtApi.Check(OrtApi.Run(_session.DangerousGetHandle(), 0, (byte**)_session.InputNames, values, (nuint)inputs.Count, (byte**)_session.OutputNames, (nuint)Outputs.Count, outputs));
            var results = new OnnxTensor[Outputs.Count];
            for (var i = 0; i < results.Length; i++)
                results[i] = CopyOut(outputs[i], Outputs[i].Name);
            return results;
        }
        finally
        {
            if (added)
                _session.DangerousRelease();
            for (var i = 0; i < inputs.Count; i++)
            {
                if (values[i] != 0)
                    OrtApi.ReleaseValue(values[i]);
                if (pins[i].IsAllocated)
                    pins[i].Free();
            }
            for (var i = 0; i < Outputs.Count; i++)
            {
                if (outputs[i] != 0)
                    OrtApi.ReleaseValue(outputs[i]);
            }
        }
    }

    /// <summary>
    /// The allocation-free path: runs on views of pinned memory (in <see cref="Inputs"/> order) and
    /// copies the first output, which must be float with exactly <paramref name="output"/>.Length elements.
    /// </summary>
    public void Run(ReadOnlySpan<OnnxInputView> inputs, Span<float> output)
    {
        if (inputs.Length != Inputs.Count)
            throw new OnnxException(OnnxErrorCode.InvalidArgument, $"the model takes {Inputs.Count} inputs, {inputs.Length} were given");
        var values = stackalloc nint[inputs.Length];
        var outputs = stackalloc nint[Outputs.Count];
        new Span<nint>(values, inputs.Length).Clear();
        new Span<nint>(outputs, Outputs.Count).Clear();
        var added = false;
        nint info = 0;
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                var view = inputs[i];
                OrtApi.Check(OrtApi.CreateTensorWithDataAsOrtValue(OnnxRuntime.CpuMemory.DangerousGetHandle(), view.Data, view.Bytes,
                    (long*)&view.Shape, (nuint)view.Rank, (int)view.Type, out values[i]));
            }
            _session.DangerousAddRef(ref added);
            // Only the first output is fetched: ONNX Runtime skips whatever only the others need.
            OrtApi.Check(OrtApi.Run(_session.DangerousGetHandle(), 0, (byte**)_session.InputNames, values, (nuint)inputs.Length, (byte**)_session.OutputNames, 1, outputs));
            OrtApi.Check(OrtApi.GetTensorTypeAndShape(outputs[0], out info));
            OrtApi.Check(OrtApi.GetTensorElementType(info, out var type));
            OrtApi.Check(OrtApi.GetTensorShapeElementCount(info, out var count));
            if ((OnnxElementType)type != OnnxElementType.Float || count != (nuint)output.Length)
                throw new OnnxException(OnnxErrorCode.InvalidArgument, $"output {Outputs[0].Name} has {count} elements of {(OnnxElementType)type}; {output.Length} floats were expected");
            OrtApi.Check(OrtApi.GetTensorMutableData(outputs[0], out var data));
            new ReadOnlySpan<float>(data, output.Length).CopyTo(output);
        }
        finally
        {
            if (info != 0)
                OrtApi.ReleaseTensorTypeAndShapeInfo(info);
            if (added)
                _session.DangerousRelease();
            for (var i = 0; i < inputs.Length; i++)
            {
                if (values[i] != 0)
                    OrtApi.ReleaseValue(values[i]);
            }
            if (outputs[0] != 0)
                OrtApi.ReleaseValue(outputs[0]);
        }
    }

    /// <summary>The allocation-free path for a model of one input: pins <paramref name="input"/> for the run.</summary>
    public void Run<T>(ReadOnlySpan<T> input, ReadOnlySpan<long> shape, Span<float> output) where T : unmanaged
    {
        fixed (T* p = input)
        {
            ReadOnlySpan<OnnxInputView> views = [OnnxInputView.Of(p, input.Length, shape)];
            Run(views, output);
        }
    }

    public void Dispose() => _session.Dispose();

    private static OnnxSession Adopt(nint raw)
    {
        var handle = new OrtSessionHandle();
        handle.Set(raw);
        try
        {
            return new OnnxSession(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static OrtSessionOptionsHandle CreateOptions(OnnxSessionOptions options)
    {
        OrtApi.Check(OrtApi.CreateSessionOptions(out var raw));
        var handle = new OrtSessionOptionsHandle();
        handle.Set(raw);
        OrtApi.Check(OrtApi.SetIntraOpNumThreads(raw, options.IntraOpThreads));
        OrtApi.Check(OrtApi.SetInterOpNumThreads(raw, options.InterOpThreads));
        OrtApi.Check(OrtApi.SetSessionGraphOptimizationLevel(raw, (int)options.Optimization));
        OrtApi.Check(OrtApi.SetSessionLogSeverityLevel(raw, 3));
        return handle;
    }

    private static OnnxTensor CopyOut(nint value, string name)
    {
        OrtApi.Check(OrtApi.GetValueType(value, out var kind));
        if (kind != 1)
            throw new OnnxException(OnnxErrorCode.NotImplemented, $"output {name} is not a tensor (ONNX type {kind}); only tensor outputs are supported");
        OrtApi.Check(OrtApi.GetTensorTypeAndShape(value, out var info));
        try
        {
            OrtApi.Check(OrtApi.GetTensorElementType(info, out var type));
            OrtApi.Check(OrtApi.GetDimensionsCount(info, out var rank));
            var shape = new long[(int)rank];
            fixed (long* s = shape)
                OrtApi.Check(OrtApi.GetDimensions(info, s, rank));
            long count = 1;
            foreach (var d in shape)
                count *= d;
            var data = OnnxElementTypes.NewArray((OnnxElementType)type, checked((int)count));
            if (count > 0)
            {
                OrtApi.Check(OrtApi.GetTensorMutableData(value, out var source));
                var bytes = count * OnnxElementTypes.Size((OnnxElementType)type);
                var pin = GCHandle.Alloc(data, GCHandleType.Pinned);
                try
                {
                    Buffer.MemoryCopy(source, (void*)pin.AddrOfPinnedObject(), bytes, bytes);
                }
                finally
                {
                    pin.Free();
                }
            }
            return OnnxTensor.Wrap(data, (OnnxElementType)type, shape);
        }
        finally
        {
            OrtApi.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    private static OnnxNodeInfo[] Describe(nint session, nint allocator, bool input)
    {
        OrtApi.Check(input ? OrtApi.SessionGetInputCount(session, out var count) : OrtApi.SessionGetOutputCount(session, out count));
        var nodes = new OnnxNodeInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            OrtApi.Check(input ? OrtApi.SessionGetInputName(session, i, allocator, out rawName) : OrtApi.SessionGetOutputName(session, i, allocator, out rawName));
            var name = Marshal.PtrToStringUTF8((nint)rawName) ?? "";
            OrtApi.Check(OrtApi.AllocatorFree(allocator, rawName));
            OrtApi.Check(input ? OrtApi.SessionGetInputTypeInfo(session, i, out var typeInfo) : OrtApi.SessionGetOutputTypeInfo(session, i, out typeInfo));
            try
            {
                OrtApi.Check(OrtApi.GetOnnxTypeFromTypeInfo(typeInfo, out var kind));
                if (kind != 1)
                {
                    nodes[i] = new OnnxNodeInfo(name, OnnxElementType.Undefined, []);
                    continue;
                }
                OrtApi.Check(OrtApi.CastTypeInfoToTensorInfo(typeInfo, out var tensorInfo)); // owned by typeInfo
                OrtApi.Check(OrtApi.GetTensorElementType(tensorInfo, out var type));
                OrtApi.Check(OrtApi.GetDimensionsCount(tensorInfo, out var rank));
                var shape = new long[(int)rank];
                fixed (long* s = shape)
                    OrtApi.Check(OrtApi.GetDimensions(tensorInfo, s, rank));
                nodes[i] = new OnnxNodeInfo(name, (OnnxElementType)type, shape);
            }
            finally
            {
                OrtApi.ReleaseTypeInfo(typeInfo);
            }
        }
        return nodes;
    }

    private static (Dictionary<string, string>, string, long) ReadMetadata(nint session, nint allocator)
    {
        OrtApi.Check(OrtApi.SessionGetModelMetadata(session, out var metadata));
        try
        {
            OrtApi.Check(OrtApi.ModelMetadataGetProducerName(metadata, allocator, out var producer));
            var producerName = Take(allocator, producer);
            OrtApi.Check(OrtApi.ModelMetadataGetVersion(metadata, out var version));
            OrtApi.Check(OrtApi.ModelMetadataGetCustomMetadataMapKeys(metadata, allocator, out var keys, out var count));
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (keys is not null)
            {
                for (long i = 0; i < count; i++)
                {
                    OrtApi.Check(OrtApi.ModelMetadataLookupCustomMetadataMap(metadata, allocator, keys[i], out var value));
                    var key = Take(allocator, keys[i]);
                    map[key] = Take(allocator, value);
                }
                OrtApi.Check(OrtApi.AllocatorFree(allocator, keys));
            }
            return (map, producerName, version);
        }
        finally
        {
            OrtApi.ReleaseModelMetadata(metadata);
        }
    }

    /// <summary>Copies a string the runtime allocated and frees it.</summary>
    private static string Take(nint allocator, byte* text)
    {
        if (text is null)
            return "";
        var value = Marshal.PtrToStringUTF8((nint)text) ?? "";
        OrtApi.Check(OrtApi.AllocatorFree(allocator, text));
        return value;
    }

    private static nint NativeNames(IReadOnlyList<OnnxNodeInfo> nodes)
    {
        var array = (byte**)NativeMemory.Alloc((nuint)Math.Max(1, nodes.Count), (nuint)sizeof(byte*));
        for (var i = 0; i < nodes.Count; i++)
            array[i] = (byte*)Marshal.StringToCoTaskMemUTF8(nodes[i].Name);
        return (nint)array;
    }
}
