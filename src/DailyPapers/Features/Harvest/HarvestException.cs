namespace DailyPapers.Features.Harvest;

/// <summary>A harvest that cannot go on; the message names the page or request. What was committed before
/// stays.</summary>
public sealed class HarvestException(string message, Exception? inner = null) : Exception(message, inner);
