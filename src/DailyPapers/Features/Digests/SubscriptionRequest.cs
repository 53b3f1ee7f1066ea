using DailyPapers.Features.Mail;

namespace DailyPapers.Features.Digests;

/// <summary>What the subscribe and manage forms post. Bound from the form, then checked by <see
/// cref="TryValidate"/>.</summary>
public sealed class SubscriptionRequest
{
    public string? Email { get; set; }
    public DigestFrequency Frequency { get; set; } = DigestFrequency.Daily;
    public DayOfWeek WeeklyDay { get; set; } = DayOfWeek.Monday;
    public int DeliveryHour { get; set; } = 8;
    public string? TimeZone { get; set; } = "UTC";
    public string? Topics { get; set; }

    /// <summary>Checks every field; on success the values are normalized. Errors are keyed by field name.</summary>
    public bool TryValidate(out Dictionary<string, string> errors, bool checkEmail = true)
    {
        errors = [];
        if (checkEmail)
        {
            if (MailAddresses.TryNormalize(Email, out var email, out var emailError)) Email = email;
            else errors[nameof(Email)] = emailError;
        }
        if (!Enum.IsDefined(Frequency)) errors[nameof(Frequency)] = "Choose daily or weekly.";
        if (!Enum.IsDefined(WeeklyDay)) errors[nameof(WeeklyDay)] = "Choose a day of the week.";
        if (DeliveryHour is < 0 or > 23) errors[nameof(DeliveryHour)] = "Choose an hour between 0 and 23.";
        if (DigestSchedule.FindZone(TimeZone) is null)
            errors[nameof(TimeZone)] = (TimeZone ?? "").Any(char.IsControl) ? "A time zone cannot contain line breaks."
                : "Choose a time zone from the list (e.g. Europe/Paris).";
        if (Digests.Topics.TryNormalize(Topics, out var topics, out var topicsError)) Topics = topics;
        else errors[nameof(Topics)] = topicsError;
        return errors.Count == 0;
    }

    public void ApplyTo(DigestSubscription subscription)
    {
        subscription.Frequency = Frequency;
        subscription.WeeklyDay = WeeklyDay;
        subscription.DeliveryHour = DeliveryHour;
        subscription.TimeZone = TimeZone!;
        subscription.Topics = Topics ?? "";
    }

    public static SubscriptionRequest From(DigestSubscription subscription) => new()
    {
        Email = subscription.Email,
        Frequency = subscription.Frequency,
        WeeklyDay = subscription.WeeklyDay,
        DeliveryHour = subscription.DeliveryHour,
        TimeZone = subscription.TimeZone,
        Topics = subscription.Topics,
    };
}
