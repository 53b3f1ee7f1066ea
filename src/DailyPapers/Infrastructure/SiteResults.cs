using Microsoft.AspNetCore.Antiforgery;

namespace DailyPapers.Infrastructure;

/// <summary>Answers of the site's own form endpoints: the error page with a message, or JSON for fetch calls.</summary>
public static class SiteResults
{
    public const string ExpiredForm = "This form has expired: reload the page and try again.";

    public const string UnreadableForm = "This form could not be read: reload the page and try again.";

    /// <summary>The API, and the site's own fetch calls, read errors as JSON.</summary>
    public static bool WantsJson(HttpRequest request) => WantsJson(request, request.Path);

    /// <param name="path">The path asked for (the error page is re-executed under its own path).</param>
    public static bool WantsJson(HttpRequest request, PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    public static IResult Error(HttpContext context, int status, string message)
    {
        if (WantsJson(context.Request)) return ApiResults.Error(context, status, message);
        ErrorMessage.Set(context, message);
        return Results.StatusCode(status);
    }

    /// <summary>
    /// For endpoints that read a form themselves: the error when its antiforgery token is missing or stale, or when
    /// the body is no form that can be read (a bad multipart boundary, more fields or longer values than allowed).
    /// </summary>
    public static async Task<IResult?> ExpiredFormAsync(HttpContext context)
    {
        try
        {
            return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context)
                ? null
                : Error(context, StatusCodes.Status400BadRequest, ExpiredForm);
        }
        catch (AntiforgeryValidationException)
        {
            return Error(context, StatusCodes.Status400BadRequest, UnreadableForm);
        }
    }
}
