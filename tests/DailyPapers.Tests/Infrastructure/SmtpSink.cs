using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer package). It keeps every message it accepts, parsed with
/// MimeKit, and can be told to answer the next messages with a failure (4xx, 5xx) to test retries.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Store store = new();
    private readonly Gate gate = new();
    private Task running = Task.CompletedTask;

    public int Port { get; private set; }
    public IReadOnlyCollection<MimeMessage> Messages => store.Messages;

    /// <summary>Answers for the next messages, in order (e.g. 451 then 250); after them every message is
    /// accepted.</summary>
    public void FailNext(params SmtpReplyCode[] codes)
    {
        foreach (var code in codes) store.Failures.Enqueue(code);
    }

    /// <summary>The account each accepted message was sent under (null: no authentication), in arrival order.</summary>
    public IReadOnlyCollection<string?> Senders => store.Senders;

    /// <summary>
    /// Starts the server. With a <paramref name="certificate"/> it offers STARTTLS and, given a <paramref
    /// name="login"/>,
    /// it requires that account, and only over TLS, before it takes any mail.
    /// </summary>
    public static async Task<SmtpSink> StartAsync(X509Certificate2? certificate = null,
        (string User, string Password)? login = null)
    {
        var sink = new SmtpSink();
        var started = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult((IPEndPoint)e.LocalEndPoint);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b =>
            {
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0));
                if (certificate is not null) b.Certificate(certificate);
                if (login is not null) b.AuthenticationRequired().AllowUnsecureAuthentication(false);
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(sink.store);
        services.Add((IMailboxFilter)sink.gate);
        services.Add(listeners);
        if (login is { } account)
            services.Add((IUserAuthenticator)new
                DelegatingUserAuthenticator((user, password) => user == account.User && password == account.Password));
        sink.running = new SmtpServer.SmtpServer(options, services).StartAsync(sink.stop.Token);
        sink.Port = (await started.Task.WaitAsync(Patience.HangGuard)).Port;
        return sink;
    }

    /// <summary>Waits until the sink holds at least <paramref name="count"/> messages (bounded by a timeout).</summary>
    public async Task<IReadOnlyCollection<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Patience.HangGuard);
        while (store.Messages.Count < count) await store.Arrived.WaitAsync(cancel.Token);
        return store.Messages;
    }

    /// <summary>Waits until a message for which <paramref name="match"/> holds has arrived (bounded by a
    /// timeout).</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        return await Poll.UntilAsync(() => store.Messages.FirstOrDefault(match), timeout);
    }

    /// <summary>
    /// Accepts <paramref name="count"/> more senders (MAIL FROM), then holds the next one before its DATA until
    /// <see cref="Release"/>. The returned task completes when a sender is being held: a client killed then has
    /// not handed that message over, which makes crash tests deterministic.
    /// </summary>
    public Task HoldAfter(int count) => gate.HoldAfter(count);

    public void Release() => gate.Release();

    public async ValueTask DisposeAsync()
    {
        gate.Release();
        await stop.CancelAsync();
        try { await running; }
        catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private sealed class Gate : IMailboxFilter
    {
        private int remaining = int.MaxValue;
        private TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HoldAfter(int count)
        {
            holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref remaining, count);
            return holding.Task;
        }

        public void Release() => released.TrySetResult();

        public async Task<bool> CanAcceptFromAsync(ISessionContext context, SmtpServer.Mail.IMailbox from, int size,
            CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref remaining) < 0)
            {
                holding.TrySetResult();
                await released.Task.WaitAsync(cancellationToken);
            }
            return true;
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to,
            SmtpServer.Mail.IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(true);
    }

    private sealed class Store : MessageStore
    {
        public readonly ConcurrentQueue<MimeMessage> Messages = new();
        public readonly ConcurrentQueue<string?> Senders = new();
        public readonly ConcurrentQueue<SmtpReplyCode> Failures = new();
        public readonly SemaphoreSlim Arrived = new(0);

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Failures.TryDequeue(out var failure)) return new
                SmtpResponse(failure, $"{(int)failure} injected failure");
            using var stream = new MemoryStream(buffer.ToArray());
            Senders.Enqueue(context.Authentication.IsAuthenticated ? context.Authentication.User : null);
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            Arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
