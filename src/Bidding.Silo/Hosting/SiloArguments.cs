namespace Bidding.Silo.Hosting;

/// <summary>Command-line shorthands: <c>--empty</c> starts without demo data.</summary>
internal static class SiloArguments
{
    public static string[] Translate(string[] args) =>
        args.Select(a => a == "--empty" ? "--Engine:SeedDemoData=false" : a).ToArray();
}
