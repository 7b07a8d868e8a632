using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Bidding.Benchmarks.TargetingIndexBenchmarks).Assembly).Run(args);
