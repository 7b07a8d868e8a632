using Bidding.LoadTests;

// One entry point for the measuring tools: dotnet run -c Release --project load-tests/Bidding.LoadTests -- <verb> [--help]
var verbs = new Dictionary<string, Verb>(StringComparer.Ordinal)
{
    ["load"] = new(LoadCommand.Help, LoadCommand.RunAsync),
    ["ceiling"] = new(CeilingCommand.Help, CeilingCommand.RunAsync),
    ["bare"] = new("Runs the bare Kestrel endpoint the ceiling compares with (reads the body, answers 204).\n\n  --port <n>   default 5099", CeilingCommand.BareAsync),
    ["bid-cost"] = new(BidPathProfile.Help, BidPathProfile.RunAsync),
    ["events"] = new(EventThroughputCommand.Help, EventThroughputCommand.RunAsync),
    ["simulate"] = new(Bidding.LoadTests.Simulation.SimulateCommand.Help, Bidding.LoadTests.Simulation.SimulateCommand.RunAsync),
    ["replay-ipinyou"] = new(IpinyouReplay.Help, IpinyouReplay.RunAsync),
    ["replay-obd"] = new(ObdReplay.Help, ObdReplay.RunAsync),
};
if (args.Length == 0 || args[0] is "--help" or "-h" || !verbs.TryGetValue(args[0], out var verb))
{
    Console.WriteLine("Bidding load tests: dotnet run -c Release --project load-tests/Bidding.LoadTests -- <verb> [options]\n");
    foreach (var (name, v) in verbs)
        Console.WriteLine($"  {name,-16} {v.Help.Split('\n')[0]}");
    Console.WriteLine("\n<verb> --help describes a verb's options.");
    return args.Length == 0 || args[0] is "--help" or "-h" ? 0 : 2;
}
var options = Options.Parse(args[1..]);
if (options.Help)
{
    Console.WriteLine(verb.Help);
    return 0;
}
try
{
    return await verb.Run(options);
}
catch (OptionException e)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 2;
}

namespace Bidding.LoadTests
{
    internal sealed record Verb(string Help, Func<Options, Task<int>> Run);
}
