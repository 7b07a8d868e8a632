namespace Bidding.Onnx;

/// <summary>ONNX Runtime's error codes (<c>OrtErrorCode</c>).</summary>
public enum OnnxErrorCode
{
    Ok,
    Fail,
    InvalidArgument,
    NoSuchFile,
    NoModel,
    EngineError,
    RuntimeException,
    InvalidProtobuf,
    ModelLoaded,
    NotImplemented,
    InvalidGraph,
    ExecutionProviderFailure,
}

/// <summary>An error from ONNX Runtime (its code and message), or from this binding's own checks.</summary>
public sealed class OnnxException(OnnxErrorCode code, string message) : Exception(message)
{
    public OnnxErrorCode Code { get; } = code;
}
