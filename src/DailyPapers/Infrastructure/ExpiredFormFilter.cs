using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Razor Pages answer a form whose antiforgery token is missing or stale with a bare 400; this gives that 400 the
/// error page's explanation, as the site's own form endpoints do (<see cref="SiteResults.ExpiredFormAsync"/>).
/// </summary>
public sealed class ExpiredFormFilter : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
            ErrorMessage.Set(context.HttpContext, SiteResults.ExpiredForm);
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
