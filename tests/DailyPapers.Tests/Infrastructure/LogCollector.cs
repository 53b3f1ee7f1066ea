using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>Every log entry of an app under test (category, level, message), for tests of what is logged.</summary>
public sealed class LogCollector : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            collector.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
    }
}
