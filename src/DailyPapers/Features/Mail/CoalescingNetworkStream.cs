using System.Net.Sockets;

namespace DailyPapers.Features.Mail;

/// <summary>
/// The SMTP connection's stream: it holds what MailKit writes until MailKit flushes or reads, so a command, or a whole
/// message with its final dot, leaves in one send. MailKit writes in 4 KB blocks, and every send costs the sender a
/// trip through the TCP stack: a 20 KB digest took six. Asynchronous reads and writes time out after
/// <see cref="ReadTimeout"/> and <see cref="WriteTimeout"/> (which MailKit sets from its own timeout), as MailKit's
/// socket stream does; a socket's own timeouts only apply to blocking calls.
/// </summary>
internal sealed class CoalescingNetworkStream(Socket socket) : Stream
{
    private const int Capacity = 64 * 1024;

    private readonly NetworkStream inner = new(socket, ownsSocket: true);
    private readonly byte[] pending = new byte[Capacity];
    private int length;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override bool CanTimeout => true;

    public override int ReadTimeout
    {
        get => inner.ReadTimeout;
        set => inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => inner.WriteTimeout;
        set => inner.WriteTimeout = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (length + buffer.Length > Capacity) Flush();
        if (buffer.Length >= Capacity)
        {
            inner.Write(buffer);
            return;
        }
        buffer.CopyTo(pending.AsSpan(length));
        length += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer,
        CancellationToken cancellationToken = default)
    {
        if (length + buffer.Length > Capacity) await FlushAsync(cancellationToken);
        if (buffer.Length >= Capacity)
        {
            await SendAsync(buffer, cancellationToken);
            return;
        }
        buffer.CopyTo(pending.AsMemory(length));
        length += buffer.Length;
    }

    public override void Flush()
    {
        if (length == 0) return;
        var count = length;
        length = 0;
        inner.Write(pending, 0, count);
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (length == 0) return;
        var count = length;
        length = 0;
        await SendAsync(pending.AsMemory(0, count), cancellationToken);
    }

    // Whatever was written goes out before waiting for the reply to it.
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Flush();
        return inner.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        using var timeout = Timeout(ReadTimeout, cancellationToken);
        try
        {
            return await inner.ReadAsync(buffer, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The SMTP server sent nothing for {ReadTimeout} ms.");
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(WriteTimeout, cancellationToken);
        try
        {
            await inner.WriteAsync(buffer, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The SMTP server accepted nothing for {WriteTimeout} ms.");
        }
    }

    private static CancellationTokenSource Timeout(int milliseconds, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(milliseconds);
        return source;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
