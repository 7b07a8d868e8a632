using Orleans.Storage;

namespace Bidding.Orleans.Storage;

/// <summary>Options of one SQLite grain storage provider (one file, one silo: the embedded profile).</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>Default of <see cref="BusyTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="InitStage"/>: <see cref="ServiceLifecycleStage.ApplicationServices"/>, as Orleans' own storage providers.</summary>
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// Path of the database file. Required. Its folder is created if missing. A file written by the
    /// home-made runtime's store (Bidding.Runtime) is upgraded in place and keeps its states.
    /// </summary>
    public string DataSource { get; set; } = "";

    /// <summary>
    /// How long a statement waits for a lock that another connection holds on the file (another process,
    /// a backup) before it fails. At least one second; default <see cref="DefaultBusyTimeout"/>.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>
    /// Silo lifecycle stage at which the file is opened and its schema created or upgraded; default
    /// <see cref="DefaultInitStage"/>. A call made before that stage opens the file itself.
    /// </summary>
    public int InitStage { get; set; } = DefaultInitStage;

    /// <summary>
    /// Turns states into bytes and back. Left unset, it is the <see cref="IGrainStorageSerializer"/> registered in
    /// the container under this provider's name, else the silo-wide one (as for Orleans' own providers).
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
