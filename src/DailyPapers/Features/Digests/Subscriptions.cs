using DailyPapers.Data;
using DailyPapers.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

public enum SubscribeOutcome
{
    /// <summary>A confirmation (or "already subscribed") mail went out.</summary>
    MailSent,

    /// <summary>One went out a few minutes ago: nothing more is sent, so repeated requests cannot bomb an
    /// inbox.</summary>
    RecentlyMailed,
}

/// <summary>Subscribing with double opt-in, confirming, changing and ending a subscription.</summary>
public sealed class Subscriptions(AppDb db, MailSender mail, DigestTokens tokens, TimeProvider clock,
    IOptions<DigestOptions> options,
    ILogger<Subscriptions> logger)
{
    /// <summary>
    /// Records the request and mails a confirmation link. An address that is already active gets a link to its
    /// manage page instead (its settings are not changed by someone who merely knows the address).
    /// </summary>
    public async Task<SubscribeOutcome> SubscribeAsync(SubscriptionRequest request, string baseUrl,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = await db.DigestSubscriptions.SingleOrDefaultAsync(s => s.Email == request.Email,
            cancellationToken);
        if (subscription?.LastRequestMailAt is { } last
            && now - last < TimeSpan.FromMinutes(options.Value.RequestMailCooldownMinutes))
            return SubscribeOutcome.RecentlyMailed;

        if (subscription is null)
        {
            subscription = new DigestSubscription
                { Email = request.Email!, Status = SubscriptionStatus.Pending, CreatedAt = now };
            db.DigestSubscriptions.Add(subscription);
        }
        else if (subscription.Status != SubscriptionStatus.Active)
        {
            subscription.Status = SubscriptionStatus.Pending;
            subscription.CreatedAt = now;
            subscription.HardBounces = 0;
        }
        var active = subscription.Status == SubscriptionStatus.Active;
        if (!active) request.ApplyTo(subscription);
        subscription.LastRequestMailAt = now;
        await db.SaveChangesAsync(cancellationToken);

        var siteUrl = baseUrl.TrimEnd('/');
        var outgoing = active
            ? Message(subscription.Email, "You are already subscribed",
                "Someone (probably you) asked to subscribe this address, which already gets the digest. To change " +
                    "what you get or when:",
                "Manage your subscription",
                    $"{siteUrl}/subscribe/manage?token={Uri.EscapeDataString(tokens.Manage(subscription.Id))}")
            : Message(subscription.Email, "Confirm your subscription",
                $"Confirm that you want the papers digest at this address. The link is valid for " +
                    $"{options.Value.ConfirmationHours} hours; if you did not ask for it, ignore this mail and " +
                        $"nothing will be sent.",
                "Confirm my subscription",
                    $"{siteUrl}/subscribe/confirm?token={Uri.EscapeDataString(tokens.Confirm(subscription.Id))}");
        try
        {
            await mail.SendAsync(outgoing, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The request is kept; the person can ask again once the cooldown is over.
            logger.LogError(e, "Could not send the subscription mail to {Email}", subscription.Email);
            subscription.LastRequestMailAt = null;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        return SubscribeOutcome.MailSent;
    }

    /// <summary>Activates a pending subscription from its confirmation link. Returns an error sentence, or
    /// null.</summary>
    public async Task<string?> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var check = tokens.Read(token, TokenPurpose.Confirm);
        if (!check.IsValid) return check.Error == DigestTokens.ExpiredError
            ? "This confirmation link has expired. Subscribe again to get a new one." : check.Error;
        var subscription = await db.DigestSubscriptions.FindAsync([check.SubscriptionId], cancellationToken);
        if (subscription is null) return "This subscription no longer exists. Subscribe again to get a new link.";
        if (subscription.Status is SubscriptionStatus.Pending)
        {
            subscription.Status = SubscriptionStatus.Active;
            subscription.ConfirmedAt = clock.GetUtcNow().UtcDateTime;
            subscription.HardBounces = 0;
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (subscription.Status != SubscriptionStatus.Active)
        {
            return "This subscription was ended after this link was sent. Subscribe again to get a new link.";
        }
        return null;
    }

    /// <summary>The subscription a manage link opens, or an error sentence.</summary>
    public async Task<(DigestSubscription? Subscription, string? Error)>
        FindForManageAsync(string? token, CancellationToken cancellationToken)
    {
        var check = tokens.Read(token, TokenPurpose.Manage);
        if (!check.IsValid) return (null, check.Error == DigestTokens.ExpiredError
            ? "This link has expired. The link in your latest digest works." : check.Error);
        var subscription = await db.DigestSubscriptions.FindAsync([check.SubscriptionId], cancellationToken);
        return subscription is null ? (null, "This subscription no longer exists.") : (subscription, null);
    }

    /// <summary>
    /// Ends a subscription from a digest's link or a one-click POST. An authentic link that has expired still
    /// unsubscribes: the only effect is fewer emails, and an old digest must always let people leave.
    /// </summary>
    public async Task<string?> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var check = tokens.Read(token, TokenPurpose.Manage);
        if (check.Error is { } error && error != DigestTokens.ExpiredError) return error;
        var updated = await db.DigestSubscriptions.Where(s => s.Id == check.SubscriptionId
            && s.Status != SubscriptionStatus.Unsubscribed)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Unsubscribed), cancellationToken);
        if (updated > 0) logger.LogInformation("Digest subscription {Id} unsubscribed", check.SubscriptionId);
        return null;
    }

    private static OutgoingMail Message(string to, string subject, string intro, string action, string url)
    {
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        var html =
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" +
            "<meta name=\"color-scheme\" content=\"light dark\"></head>" +
            "<body style=\"font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;" +
            "font-size:15px;line-height:1.5;\">" +
            $"<p>{encoder.Encode(intro)}</p>" +
            $"<p><a href=\"{encoder.Encode(url)}\" style=\"display:inline-block;padding:10px 16px;border-radius:8px;" +
            "background:#4f46e5;color:#ffffff;text-decoration:none;\">" +
            $"{encoder.Encode(action)}</a></p>" +
            $"<p style=\"font-size:13px;color:#5b5f6b;\">Or copy this link: {encoder.Encode(url)}</p></body></html>";
        return new OutgoingMail(to, subject, html, $"{intro}\n\n{action}: {url}\n");
    }
}
