using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Harvest;

/// <summary>One OAI-PMH response: its records, what was skipped or deleted, and where the list goes on.</summary>
public sealed record OaiPage
{
    public required IReadOnlyList<PaperRecord> Records { get; init; }

    /// <summary>Records that could not be imported, each with the reason (<c>record 3 (oai:arXiv.org:2501.00003): has
    /// no title</c>).</summary>
    public required IReadOnlyList<string> Skipped { get; init; }

    /// <summary>Identifiers of records the repository reports as deleted.</summary>
    public required IReadOnlyList<string> Deleted { get; init; }

    /// <summary>The token of the next page; null on the last page.</summary>
    public OaiResumptionToken? Next { get; init; }

    /// <summary>The error the repository answered with instead of records.</summary>
    public OaiError? Error { get; init; }
    public DateTime? ResponseDate { get; init; }
}

/// <param name="Cursor">Position of this page's first record in the whole list.</param>
/// <param name="CompleteListSize">Number of records in the whole list, when the repository says.</param>
public sealed record OaiResumptionToken(string Value, int? Cursor, int? CompleteListSize);

/// <summary>An OAI-PMH error such as <c>badResumptionToken</c> or <c>noRecordsMatch</c>.</summary>
public sealed record OaiError(string Code, string Message)
{
    public const string NoRecordsMatch = "noRecordsMatch";
    public const string BadResumptionToken = "badResumptionToken";

    public override string ToString() => $"{Code}: {Message}";
}
