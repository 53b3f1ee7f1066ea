using System.Net;
using DailyPapers.Tests.Community;

namespace DailyPapers.Tests.ForYou;

/// <summary>An instance whose limits are 2 requests per window (one sign-in is spent on the test's reader).</summary>
public sealed class ForYouRateLimitFixture : CommunityFixture
{
    protected override int PermitLimit => 2;
}

public sealed class ForYouRateLimitTests(ForYouRateLimitFixture app) : IClassFixture<ForYouRateLimitFixture>
{
    [Fact]
    public async Task For_you_writes_over_the_limit_get_429_and_pages_are_not_counted()
    {
        var client = await app.SignedInAsync(await app.CreateUserAsync());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/for-you")).StatusCode);
            statuses.Add((await CommunityFixture.PostFormAsync(client, "/account/settings",
                "/for-you?handler=Follow", new() { ["kind"] = "Category", ["value"] = $"cs.c{i}" })).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, await app.WithDbAsync(db => Task.FromResult(
            db.Set<DailyPapers.Features.ForYou.Follow>().Count())));
    }
}
