using Bidding.Silo.Hosting;

SiloApplication.Create(args).Run();

/// <summary>The silo's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
