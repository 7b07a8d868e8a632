using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// With <c>BIDDING_CLUSTER_LOG</c> set to a file path, every silo of every test cluster appends its log there (one line
/// per entry, with the time and the silo), to see what a failed cluster test's silos were doing. Off by default.
/// </summary>
internal sealed class ClusterLog(string path, string silo) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public static string? Path { get; } = Environment.GetEnvironmentVariable("BIDDING_CLUSTER_LOG") is { Length: > 0 } path ? path : null;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Writes a line from the test itself (what it is doing now), if the log is on.</summary>
    public static void Note(string message)
    {
        if (Path is { } path)
            new ClusterLog(path, "test").Write("test", LogLevel.Information, message, null);
    }

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {silo} {level} {category}: {message}{(exception is null ? "" : " " + exception)}{Environment.NewLine}");
        lock (Gate)
            File.AppendAllText(path, line);
    }

    private sealed class Logger(ClusterLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Write(category, logLevel, formatter(state, exception), exception);
    }
}
