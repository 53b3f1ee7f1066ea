using System.Globalization;
using System.Security.Claims;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Digests;

/// <summary>The subscribe form: address, daily or weekly, topics, delivery hour and time zone; double opt-in.</summary>
public sealed class SubscribeModel(Subscriptions subscriptions, SubscribeRateLimits limits, SiteUrls urls) : PageModel
{
    [BindProperty]
    public SubscriptionRequest Input { get; set; } = new();

    /// <summary>Set after a successful request: the page then says to check the inbox.</summary>
    public string? SentTo { get; private set; }

    public void OnGet(string? email, string? frequency)
    {
        Input.Email = email ?? User.FindFirstValue(ClaimTypes.Email);
        if (Enum.TryParse<DigestFrequency>(frequency, ignoreCase: true, out var parsed)) Input.Frequency = parsed;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear(); // binding errors (e.g. a non-numeric hour) are reported by TryValidate in plain words
        if (!Input.TryValidate(out var errors))
        {
            foreach (var (field, error) in errors) ModelState.AddModelError($"{nameof(Input)}.{field}", error);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (urls.ForMail("subscription confirmation") is not { } siteUrl)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            ModelState.AddModelError("", SiteUrls.MailRefused);
            return Page();
        }

        var ip = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (limits.Check(Input.Email!, ip) is { } retryAfter)
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ModelState.AddModelError("",
                $"Too many subscribe requests. Try again in {Math.Max(1, seconds / 60)} minutes.");
            return Page();
        }

        await subscriptions.SubscribeAsync(Input, siteUrl, cancellationToken);
        // The same answer whether the address was new, pending or subscribed: the form does not reveal who subscribes.
        SentTo = Input.Email;
        return Page();
    }
}
