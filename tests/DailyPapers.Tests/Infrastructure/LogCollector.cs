using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>A logger provider keeping the app's warnings and errors (or more), to check what an operator
/// reads.</summary>
public sealed class LogCollector(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Collecting(entries, minimum);

    public void Dispose()
    {
    }

    private sealed class Collecting(ConcurrentQueue<(LogLevel, string)> entries, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
