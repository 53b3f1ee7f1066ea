using DailyPapers.Features.Papers;

namespace DailyPapers.Tests.Papers;

/// <summary>Excerpts of abstracts as cards, feeds and digests show them.</summary>
public sealed class PaperTextTests
{
    [Theory]
    [InlineData("  A  short\n\tabstract.  ", 280, "A short abstract.")]
    [InlineData("one two three four", 9, "one two…")]
    [InlineData("one two three four", 18, "one two three four")]
    [InlineData("https://example.org/a-very-long-link and more", 10, "https://ex…")]
    [InlineData("", 280, "")]
    public void An_excerpt_flattens_whitespace_and_cuts_at_a_word(string text, int length, string expected) =>
        Assert.Equal(expected, PaperText.Excerpt(text, length));

    [Fact]
    public void An_excerpt_of_unbounded_length_is_the_whole_flattened_text()
    {
        // Digests ask for all of it (int.MaxValue) and cut at sentences themselves; one past the length overflowed.
        var text = string.Join("\n\n", Enumerable.Repeat("A sentence  with   spaces.", 50));
        Assert.Equal(string.Join(" ", Enumerable.Repeat("A sentence with spaces.", 50)),
            PaperText.Excerpt(text, int.MaxValue));
    }
}
