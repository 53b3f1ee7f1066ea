using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Search;

/// <summary>"Similar papers" on a paper's page: its nearest neighbours by embedding.</summary>
public sealed class SimilarPapersViewComponent(HybridSearch search) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string id) =>
        View("/Features/Search/_SimilarPapers.cshtml", await search.SimilarAsync(id, 6, HttpContext.RequestAborted));
}
