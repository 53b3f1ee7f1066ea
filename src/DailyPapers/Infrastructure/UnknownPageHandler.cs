using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DailyPapers.Infrastructure;

/// <summary>
/// A request for a handler a page does not have (a POST to a page without forms, <c>?handler=Nope</c>) is the
/// client's mistake: 405 when the page takes no such method, else 400. Razor Pages would otherwise render the page
/// without running any handler, its model unset.
/// </summary>
public sealed class UnknownPageHandler : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is not null) return;
        var request = context.HttpContext.Request;
        var methods = context.ActionDescriptor.HandlerMethods
            .Select(h => h.HttpMethod.ToUpperInvariant()).Distinct().ToList();
        if (methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            ErrorMessage.Set(context.HttpContext, "This page has no such action: reload it and try again.");
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }
        context.HttpContext.Response.Headers.Allow = string.Join(", ", methods);
        ErrorMessage.Set(context.HttpContext, $"This page does not take {request.Method} requests.");
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
