using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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

/// <summary>What list pages share: a <c>?page=</c> number, and a 404 that says why.</summary>
public static class ListPages
{
    /// <summary>A missing page number is the first page; anything but a whole number from 1 is no page.</summary>
    public static bool TryParsePage(string? text, out int page)
    {
        page = 1;
        return string.IsNullOrEmpty(text) ||
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page >= 1;
    }

    public static NotFoundResult NotFoundWith(this PageModel page, string message)
    {
        // The status code page re-executes in this request, so it can show why the page does not exist.
        ErrorMessage.Set(page.HttpContext, message);
        return page.NotFound();
    }
}
