using BenchmarkDotNet.Attributes;
using Bidding.Engine.Models;

namespace Bidding.Benchmarks;

/// <summary>
/// Scoring the candidates of one impression with the hashed logistic model (2^18 weights, the 18 fields
/// of feature contract v1) in one ONNX Runtime run: masking the hashes, pinning, the run, copying out.
/// </summary>
[MemoryDiagnoser]
public class ModelScoringBenchmarks
{
    private BidModel _model = null!;
    private ulong[] _hashes = null!;
    private float[] _probabilities = null!;

    [Params(1, 10, 100)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        var weights = new float[1 << 18];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        _model = BidModel.Load(LogisticModel.Export(weights, -6, 18, FeatureContract.Count, FeatureContract.Version));
        _hashes = new ulong[Candidates * FeatureContract.Count];
        for (var i = 0; i < _hashes.Length; i++)
            _hashes[i] = (ulong)random.NextInt64();
        _probabilities = new float[Candidates];
    }

    [Benchmark]
    public float ScoreBatch()
    {
        _model.Score(_hashes, Candidates, _probabilities);
        return _probabilities[0];
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();
}
