namespace DailyPapers.Features.Feed;

/// <summary>
/// The trending score, Hacker News style: votes decay with the time since the paper was featured, so a paper
/// with 10 votes today outranks one with 30 from last week. score = upvotes / (hours + 2)^1.5.
/// </summary>
public static class Trending
{
    public const double Gravity = 1.5;

    public static double Score(int upvotes, DateTime featuredAt, DateTime now)
    {
        var hours = Math.Max(0, (now - featuredAt).TotalHours);
        return upvotes / Math.Pow(hours + 2, Gravity);
    }
}
