namespace DailyPapers.Features.Accounts;

/// <summary>
/// "This reader just told the site something about their taste" (an upvote, a save, a dismissal, a follow): features
/// that record such acts report them here, and a feature that learns from them (For you) listens, so the features
/// that record acts need not know who learns from them.
/// </summary>
public sealed class ReaderActivity
{
    public event Action<string>? Acted;

    public void Report(string userId) => Acted?.Invoke(userId);
}
