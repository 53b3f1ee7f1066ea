using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Mail;

public static class MailFeature
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _),
                "Mail:From must be an address such as 'DailyPapers <papers@example.org>'.")
            .Validate(o => string.IsNullOrWhiteSpace(o.ReplyTo) || MimeKit.MailboxAddress.TryParse(o.ReplyTo, out _),
                "Mail:ReplyTo must be an email address.")
            .ValidateOnStart();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<PickupFolderMailTransport>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpMailTransport>()
            : sp.GetRequiredService<PickupFolderMailTransport>());
        services.AddSingleton<MailSender>();
        services.AddSingleton<BackgroundMail>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundMail>());
        return services;
    }
}
