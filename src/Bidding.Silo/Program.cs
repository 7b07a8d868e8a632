using Bidding.Silo.Cli;
using Bidding.Silo.Hosting;

// Verbs: none (or "run") runs the silo; "train" trains a bid model; "migrate" brings a PostgreSQL database to this
// build's schema (each verb has --help).
if (args is ["train", .. var rest])
    return TrainCommand.Run(rest, Console.Out, Console.Error);
if (args is ["migrate", .. var migrateArgs])
    return MigrateCommand.Run(migrateArgs, Console.Out, Console.Error);
SiloApplication.Create(args is ["run", .. var runArgs] ? runArgs : args).Run();
return 0;

/// <summary>The silo's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
