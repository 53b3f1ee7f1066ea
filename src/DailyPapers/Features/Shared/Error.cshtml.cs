using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Shared;

/// <summary>
/// The friendly error page for status codes (re-executed as <c>/error/404</c>) and unhandled exceptions (<c>/error</c>).
/// Shows a message a page chose for the visitor, never exception details.
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
        429 => "Too many requests",
        >= 500 => "Something went wrong",
        _ => "Error",
    };

    public string Explanation => Code switch
    {
        404 => "There is nothing at this address. The paper or period may not exist, or the link may be mistyped.",
        >= 500 => "The server hit an unexpected problem. It has been logged; please try again in a moment.",
        _ => "The request could not be handled.",
    };

    public IActionResult OnGet(int? code) => Render(code);

    public IActionResult OnPost(int? code) => Render(code);

    private PageResult Render(int? code)
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        if (!reExecuted)
        {
            // Visited directly: answer with the status the page describes, not 200.
            Response.StatusCode = code is >= 400 and <= 599 ? code.Value : StatusCodes.Status500InternalServerError;
        }
        Code = Response.StatusCode;
        Message = ErrorMessage.Get(HttpContext);
        return Page();
    }
}
