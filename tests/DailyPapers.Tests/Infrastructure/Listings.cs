using System.Text;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>Small listing files written the way the demo file is.</summary>
public static class Listings
{
    public static byte[] Demo() => DailyPapers.Features.Imports.DemoCorpus.ListingBytes();

    public static byte[] Of(string dateLine, params (string Title, string Abstract)[] papers)
    {
        var text =
            new StringBuilder("Daily Papers\n\nbyAK and the research community\n\n").Append(dateLine).Append("\n\n");
        foreach (var (title, abstractText) in papers)
            text.Append(title).Append("\n\n").Append(abstractText).Append("\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
