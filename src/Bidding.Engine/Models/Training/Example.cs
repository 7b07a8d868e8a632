namespace Bidding.Engine.Models.Training;

/// <summary>One logged impression: its field hashes and whether it was clicked.</summary>
public sealed record Example(ulong[] Hashes, bool Clicked);

/// <summary>Examples in log order, and the feature set they were hashed with (a model's <c>bidding.features</c>).</summary>
public sealed record TrainingSet(string Features, IReadOnlyList<string> Fields, IReadOnlyList<Example> Examples);
