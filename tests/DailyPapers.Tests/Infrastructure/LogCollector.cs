using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>A logger provider keeping the app's warnings and errors, to check what an operator reads.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Collecting(entries);

    public void Dispose()
    {
    }

    private sealed class Collecting(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
