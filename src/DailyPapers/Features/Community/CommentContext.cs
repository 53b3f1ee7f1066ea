namespace DailyPapers.Features.Community;

/// <summary>One comment to render, with who is looking (for its edit, delete and hide controls).</summary>
public sealed record CommentContext(CommentView Comment, string PaperId, string? ViewerId, bool ViewerIsCurator);
