using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using DailyPapers.Features.Papers;
using Microsoft.AspNetCore.Html;

namespace DailyPapers.Features.Shared;

/// <summary>
/// The parts of a paper's card that are the same for every reader and every page, rendered once per loaded paper:
/// rendering and encoding fifty cards on each signed-in request cost most of it. They are kept with the
/// <see cref="PaperView"/> instance they were made from, so they live exactly as long as it: the lists that pages
/// share (<see cref="Infrastructure.SharedReads"/>) hand out the same instances until a paper changes, and a change
/// loads new ones, which get new fragments; a paper read for one request takes its fragments with it.
/// </summary>
public static partial class CardFragments
{
    private static readonly ConditionalWeakTable<PaperView, IHtmlContent> Heads = new();
    private static readonly ConditionalWeakTable<PaperView, IHtmlContent> Links = new();

    /// <summary>Thumbnail, title, authors, excerpt and submitter.</summary>
    public static IHtmlContent Head(PaperView paper, Func<PaperView, IHtmlContent> render, HtmlEncoder encoder) =>
        Kept(Heads, paper, render, encoder);

    /// <summary>A part made for one request only (search results mark the query's words in it), rendered now: the
    /// template awaits a partial, which a page's buffer would otherwise run later, blocking.</summary>
    public static IHtmlContent Once(PaperView paper, Func<PaperView, IHtmlContent> render, HtmlEncoder encoder) =>
        Rendered(paper, render, encoder);

    /// <summary>The comment count and the badges (arXiv, code, project page).</summary>
    public static IHtmlContent Stats(PaperView paper, Func<PaperView, IHtmlContent> render, HtmlEncoder encoder) =>
        Kept(Links, paper, render, encoder);

    [GeneratedRegex(@"\n\s+")]
    private static partial Regex Indentation();

    private static IHtmlContent Kept(ConditionalWeakTable<PaperView, IHtmlContent> table, PaperView paper,
        Func<PaperView, IHtmlContent> render, HtmlEncoder encoder)
    {
        if (table.TryGetValue(paper, out var kept)) return kept;
        var html = Rendered(paper, render, encoder);
        table.AddOrUpdate(paper, html);
        return html;
    }

    private static HtmlString Rendered(PaperView paper, Func<PaperView, IHtmlContent> render, HtmlEncoder encoder)
    {
        using var writer = new StringWriter();
        render(paper).WriteTo(writer, encoder);
        // The template's indentation is not sent: encoded text holds no line breaks, so only markup loses spaces.
        return new HtmlString(Indentation().Replace(writer.ToString(), "\n"));
    }
}
