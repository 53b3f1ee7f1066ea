namespace DailyPapers.Infrastructure;

/// <summary>
/// A visitor-facing explanation that a page or endpoint leaves for the error page, which the status-code pages
/// re-execute for the response's status (<c>/error/404</c>). Never exception details.
/// </summary>
public static class ErrorMessage
{
    private const string Key = "DailyPapers.ErrorMessage";

    public static void Set(HttpContext context, string message) => context.Items[Key] = message;

    public static string? Get(HttpContext context) => context.Items[Key] as string;
}
