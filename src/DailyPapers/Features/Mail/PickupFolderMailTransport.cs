using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DailyPapers.Features.Mail;

/// <summary>Without SMTP: each message becomes an .eml file in the pickup folder, and a log line says so.</summary>
public sealed class PickupFolderMailTransport(IOptions<MailOptions> options, IOptions<InstanceOptions> instance,
    ILogger<PickupFolderMailTransport> logger) : IMailTransport
{
    public string Directory => Path.Combine(instance.Value.DataDirectory, options.Value.PickupDirectory);

    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Task.FromResult<IMailSession>(new Session(Directory, logger));
    }

    private sealed class Session(string directory, ILogger logger) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            // Written under a temporary name and renamed, so a reader never sees half a message.
            var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml";
            var temporary = Path.Combine(directory, name + ".tmp");
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, Path.Combine(directory, name));
            logger.LogInformation("No SMTP server configured: wrote mail \"{Subject}\" to {To} as {File}",
                message.Subject, message.To, Path.Combine(directory, name));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
