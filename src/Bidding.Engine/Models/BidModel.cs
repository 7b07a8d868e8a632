using System.Buffers;
using Bidding.Onnx;

namespace Bidding.Engine.Models;

/// <summary>A model's upload or load failed the feature contract (or ONNX Runtime refused it); the message says why.</summary>
public sealed class ModelContractException(string message) : Exception(message);

/// <summary>
/// An ONNX model checked against <see cref="FeatureContract"/>, scoring a batch of candidates in one run:
/// their field hashes, masked to the model's hash bits, in; one probability per candidate out.
/// </summary>
public sealed class BidModel : IDisposable
{
    private readonly OnnxSession _session;
    private readonly ulong _mask;

    private BidModel(OnnxSession session, int hashBits)
    {
        _session = session;
        HashBits = hashBits;
        _mask = (1UL << hashBits) - 1;
    }

    public int HashBits { get; }

    public IReadOnlyList<OnnxNodeInfo> Inputs => _session.Inputs;

    public IReadOnlyList<OnnxNodeInfo> Outputs => _session.Outputs;

    public IReadOnlyDictionary<string, string> Metadata => _session.Metadata;

    /// <summary>Loads and checks a model: contract metadata, one int64 input [N, 18], a float output [N] or [N, 1], sane outputs on a trial batch.</summary>
    public static BidModel Load(ReadOnlySpan<byte> onnx)
    {
        OnnxSession session;
        try
        {
            session = OnnxSession.FromBytes(onnx);
        }
        catch (OnnxException e)
        {
            throw new ModelContractException($"ONNX Runtime cannot load the model: {e.Message}");
        }
        try
        {
            var model = new BidModel(session, Check(session));
            model.Trial();
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Scores <paramref name="count"/> candidates whose field hashes are rows of <paramref name="hashes"/> (count × 18).</summary>
    public void Score(ReadOnlySpan<ulong> hashes, int count, Span<float> probabilities)
    {
        var fields = FeatureContract.Count;
        var length = count * fields;
        var indices = ArrayPool<long>.Shared.Rent(length);
        try
        {
            for (var i = 0; i < length; i++)
                indices[i] = (long)(hashes[i] & _mask);
            _session.Run<long>(indices.AsSpan(0, length), [count, fields], probabilities[..count]);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(indices);
        }
    }

    public void Dispose() => _session.Dispose();

    private static int Check(OnnxSession session)
    {
        var declared = session.Metadata.GetValueOrDefault(FeatureContract.FeaturesKey);
        if (declared != FeatureContract.Version)
        {
            throw new ModelContractException(declared is null
                ? $"the model does not declare its features: metadata {FeatureContract.FeaturesKey}={FeatureContract.Version} is required (see docs/models.md)"
                : $"the model was trained on features '{declared}'; this bidder scores feature contract {FeatureContract.Version} ({FeatureContract.FeaturesKey}={FeatureContract.Version})");
        }
        if (!int.TryParse(session.Metadata.GetValueOrDefault(FeatureContract.HashBitsKey), out var bits) || bits is < FeatureContract.MinHashBits or > FeatureContract.MaxHashBits)
            throw new ModelContractException($"metadata {FeatureContract.HashBitsKey} must be {FeatureContract.MinHashBits} to {FeatureContract.MaxHashBits} (the weight table has 2^bits rows)");
        if (session.Inputs.Count != 1)
            throw new ModelContractException($"the model must take one input, int64[N, {FeatureContract.Count}]; it takes {session.Inputs.Count}: {string.Join(", ", session.Inputs)}");
        var input = session.Inputs[0];
        if (input.ElementType != OnnxElementType.Int64 || input.Shape.Count != 2 || (input.Shape[1] != FeatureContract.Count && input.Shape[1] >= 0))
            throw new ModelContractException($"the model's input must be int64[N, {FeatureContract.Count}] (one hashed index per field of {FeatureContract.Version}); it is {input}");
        if (session.Outputs.Count == 0)
            throw new ModelContractException("the model has no output");
        var output = session.Outputs[0];
        if (output.ElementType != OnnxElementType.Float || output.Shape.Count is < 1 or > 2 || (output.Shape.Count == 2 && output.Shape[1] != 1 && output.Shape[1] >= 0))
            throw new ModelContractException($"the model's first output must be float[N] or float[N, 1], a probability per candidate; it is {output}");
        return bits;
    }

    /// <summary>Runs two candidates through the model: it must run, and give probabilities.</summary>
    private void Trial()
    {
        var hashes = new ulong[2 * FeatureContract.Count];
        for (var i = 0; i < hashes.Length; i++)
            hashes[i] = (ulong)i * 0x9E3779B97F4A7C15UL;
        var p = new float[2];
        try
        {
            Score(hashes, 2, p);
        }
        catch (OnnxException e)
        {
            throw new ModelContractException($"the model fails on a trial batch: {e.Message}");
        }
        foreach (var v in p)
        {
            if (!float.IsFinite(v) || v is < 0 or > 1)
                throw new ModelContractException($"the model's output must be a probability in [0, 1]; a trial batch gave {v}");
        }
    }
}
