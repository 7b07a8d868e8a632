namespace Bidding.Onnx;

/// <summary>How much ONNX Runtime rewrites a graph before running it.</summary>
public enum GraphOptimization
{
    None = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

/// <summary>
/// Settings of one session. The defaults suit the bid path: one thread per run (a request's batch is
/// small; requests already run in parallel), every graph optimisation.
/// </summary>
public sealed record OnnxSessionOptions
{
    public int IntraOpThreads { get; init; } = 1;

    public int InterOpThreads { get; init; } = 1;

    public GraphOptimization Optimization { get; init; } = GraphOptimization.All;
}
