using System.Globalization;
using System.Threading.RateLimiting;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Shared;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Community;

/// <summary>
/// Fixed-window limits on the writes people can abuse: sign-in (and password-reset mails), sign-up, submit, vote
/// and comment, per signed-in user or, when signed out, per IP address. Over the limit: 429 with Retry-After,
/// a JSON error for the API and the error page with the wait for the site.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddCommunityRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (Limited(context.Request) is not { } name) return RateLimitPartition.GetNoLimiter("");
                var limit = Limit(context.RequestServices.GetRequiredService<IOptions<CommunityOptions>>().Value, name);
                var who = CurrentUser.Id(context.User) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter($"{name}:{who}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit,
                    Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var message = $"Too many requests: please wait {seconds} seconds and try again.";
                if (context.Request.Path.StartsWithSegments("/api"))
                    await ApiResults.Error(context, StatusCodes.Status429TooManyRequests, message).ExecuteAsync(context);
                else
                    context.Items[ErrorModel.MessageKey] = message; // the status-code page shows it
            };
        });

    /// <summary>Which limit a request counts against, if any. Reading pages is never limited.</summary>
    public static string? Limited(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return null;
        var path = request.Path.Value ?? "";
        var handler = request.Query["handler"].ToString();
        return path switch
        {
            "/account/sign-in" or "/account/forgot-password" => "sign-in",
            "/account/sign-up" => "sign-up",
            "/papers/submit" or "/api/papers/submit" => "submit",
            _ when path.StartsWith("/papers/", StringComparison.Ordinal) && path.EndsWith("/vote", StringComparison.Ordinal) => "vote",
            _ when path.StartsWith("/api/papers/", StringComparison.Ordinal) && path.EndsWith("/upvote", StringComparison.Ordinal) => "vote",
            _ when path.StartsWith("/api/papers/", StringComparison.Ordinal) && path.EndsWith("/comments", StringComparison.Ordinal) => "comment",
            _ when path.StartsWith("/papers/", StringComparison.Ordinal)
                && (handler.Equals("Comment", StringComparison.OrdinalIgnoreCase) || handler.Equals("EditComment", StringComparison.OrdinalIgnoreCase)) => "comment",
            _ => null,
        };
    }

    private static RateLimit Limit(CommunityOptions options, string name) => name switch
    {
        "sign-in" => options.SignIn,
        "sign-up" => options.SignUp,
        "submit" => options.Submit,
        "vote" => options.Vote,
        _ => options.Comment,
    };
}
