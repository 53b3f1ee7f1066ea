using System.Net;
using DailyPapers.Features.Accounts;
using DailyPapers.Tests.Community;

namespace DailyPapers.Tests.Site;

/// <summary>The list pages' date jump, and form errors tied to their fields for assistive technology.</summary>
[Collection(CommunityCollection.Name)]
public sealed class FormAndNavigationTests(CommunityFixture app)
{
    [Fact]
    public async Task The_go_to_day_form_leads_to_the_days_address_and_a_bad_day_gets_a_404_that_says_why()
    {
        var client = app.BrowserClient();

        var home = await client.GetStringAsync("/");
        const string JumpForm = "<form class=\"jump-form\" method=\"get\" action=\"/papers/date\">";
        Assert.Contains(JumpForm, home, StringComparison.Ordinal);
        Assert.Contains("type=\"date\" name=\"day\"", home, StringComparison.Ordinal);

        var jump = await client.GetAsync("/papers/date?day=2025-08-07&sort=recent");
        Assert.Equal(HttpStatusCode.Redirect, jump.StatusCode);
        Assert.Equal("/papers/date/2025-08-07?sort=recent", jump.Headers.Location?.OriginalString);

        var bad = await client.GetAsync("/papers/date?day=2025-13-45");
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        Assert.Contains("2025-13-45", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_up_states_the_password_rules_first_and_ties_each_error_to_its_field()
    {
        var client = app.BrowserClient();
        var form = await client.GetStringAsync("/account/sign-up");
        Assert.Contains(PasswordRules.Description, form, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-invalid", form, StringComparison.Ordinal);

        var response = await CommunityFixture.PostFormAsync(client, "/account/sign-up", "/account/sign-up",
            new() { ["UserName"] = app.NewName("rules"), ["Email"] = "rules@example.org", ["Password"] = "short" });
        var html = await response.Content.ReadAsStringAsync();

        var input = System.Text.RegularExpressions.Regex.Match(html, """<input[^>]*id="Password"[^>]*>""").Value;
        Assert.Contains("aria-invalid=\"true\"", input, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"password-rules Password-error\"", input, StringComparison.Ordinal);
        Assert.Matches("""<span[^>]*id="Password-error"[^>]*>Passwords must""", html);
    }
}
