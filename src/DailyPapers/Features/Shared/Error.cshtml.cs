using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Shared;

/// <summary>
/// The friendly error page for status codes (re-executed as <c>/error/404</c>) and unhandled exceptions
/// (<c>/error</c>).
/// Shows a message a page chose for the visitor, never exception details. For the API (and fetch calls) the same
/// answer is <c>{"error": "..."}</c>.
/// </summary>
// The exception handler re-executes the original request, which may be a POST without a token.
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string? Message { get; private set; }

    public string Heading => Code switch
    {
        404 => "Page not found",
        400 => "Bad request",
        403 => "Forbidden",
        405 => "Method not allowed",
        415 => "Unsupported media type",
        429 => "Too many requests",
        >= 500 => "Something went wrong",
        _ => "Error",
    };

    public string Explanation => Code switch
    {
        404 => "There is nothing at this address. The paper or period may not exist, or the link may be mistyped.",
        415 => ClientErrors.JsonBodyExpected,
        >= 500 => "The server hit an unexpected problem. It has been logged; please try again in a moment.",
        _ => "The request could not be handled.",
    };

    /// <summary>A re-executed request keeps its method (POST, PUT, DELETE ...): this page answers every one.</summary>
    [NonHandler]
    public override void OnPageHandlerSelected(PageHandlerSelectedContext context) =>
        context.HandlerMethod ??= context.ActionDescriptor.HandlerMethods.Single();

    public async Task<IActionResult> OnGetAsync(int? code)
    {
        var statusPage = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (statusPage is null && failure is null)
        {
            // Visited directly: answer with the status the page describes, not 200.
            Response.StatusCode = code is >= 400 and <= 599 ? code.Value : StatusCodes.Status404NotFound;
        }
        Code = Response.StatusCode;
        Message = ErrorMessage.Get(HttpContext)
            ?? (failure?.Error is BadHttpRequestException bad ? ClientErrors.Describe(bad) : null);

        var path = statusPage?.OriginalPath ?? failure?.Path ?? "";
        if (!SiteResults.WantsJson(Request, path)) return Page();
        await ApiResults.Error(HttpContext, Code, Message ?? ApiExplanation(path)).ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    private string ApiExplanation(string path) => Code switch
    {
        404 => $"Nothing at {path}: see /docs/api.",
        405 => $"{path} does not take {Request.Method} requests: see /docs/api.",
        415 => Explanation,
        _ => $"{Heading}. {Explanation}",
    };
}
