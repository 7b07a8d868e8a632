namespace Bidding.Onnx.Tests;

/// <summary>The binding's own behaviour: metadata, errors carried over from the runtime, the pinned fast path.</summary>
public sealed class SessionTests
{
    private static readonly string AddModel = Path.Combine(
        Environment.GetEnvironmentVariable("BIDDING_ONNX_TESTDATA") ?? "/usr/share/libonnx-testdata/data/node", "test_add", "model.onnx");

    [Fact]
    public void Inputs_and_outputs_are_described()
    {
        using var session = OnnxSession.FromFile(AddModel);
        Assert.Equal(["x: float[3, 4, 5]", "y: float[3, 4, 5]"], session.Inputs.Select(i => i.ToString()));
        Assert.Equal("sum: float[3, 4, 5]", Assert.Single(session.Outputs).ToString());
    }

    [Fact]
    public void A_model_that_is_not_onnx_is_refused_with_the_runtime_message()
    {
        var error = Assert.Throws<OnnxException>(() => OnnxSession.FromBytes("not a model at all"u8));
        Assert.Equal(OnnxErrorCode.InvalidProtobuf, error.Code);
        Assert.Contains("protobuf", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_file_is_refused_with_the_runtime_message()
    {
        var error = Assert.Throws<OnnxException>(() => OnnxSession.FromFile("/nonexistent/model.onnx"));
        Assert.Equal(OnnxErrorCode.NoSuchFile, error.Code);
        Assert.Contains("/nonexistent/model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_of_the_wrong_shape_are_refused_with_the_runtime_message()
    {
        using var session = OnnxSession.FromBytes(File.ReadAllBytes(AddModel));
        var wrong = OnnxTensor.Create(new float[6], 2, 3);
        var error = Assert.Throws<OnnxException>(() => session.Run([wrong, wrong]));
        Assert.Equal(OnnxErrorCode.InvalidArgument, error.Code);
        Assert.Contains("input: x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public unsafe void The_pinned_path_runs_without_copies_and_checks_the_output_size()
    {
        using var session = OnnxSession.FromFile(AddModel);
        var x = Enumerable.Range(0, 60).Select(i => (float)i).ToArray();
        var y = Enumerable.Range(0, 60).Select(i => 0.5f * i).ToArray();
        var sum = new float[60];
        fixed (float* px = x)
        fixed (float* py = y)
        {
            OnnxInputView[] views = [OnnxInputView.Of(px, 60, 3, 4, 5), OnnxInputView.Of(py, 60, 3, 4, 5)];
            session.Run(views, sum);
            Assert.Equal(x.Zip(y, (a, b) => a + b), sum);
            var error = Assert.Throws<OnnxException>(() => session.Run(views, new float[10]));
            Assert.Contains("60 elements", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_disposed_session_refuses_to_run()
    {
        var session = OnnxSession.FromFile(AddModel);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run([OnnxTensor.Create(new float[60], 3, 4, 5), OnnxTensor.Create(new float[60], 3, 4, 5)]));
    }
}
