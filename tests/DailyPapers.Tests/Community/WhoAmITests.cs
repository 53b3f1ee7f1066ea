using System.Net;
using System.Text.Json;
using DailyPapers.Features.Accounts;

namespace DailyPapers.Tests.Community;

/// <summary><c>GET /api/whoami-v2</c> as huggingface_hub's <c>whoami()</c> and <c>hf auth login</c> read it.</summary>
[Collection(CommunityCollection.Name)]
public sealed class WhoAmITests(CommunityFixture app)
{
    [Fact]
    public async Task Whoami_names_the_user_and_the_token()
    {
        var user = await app.CreateUserAsync();
        var token = await app.WithDbAsync(db => ApiTokens.CreateAsync(db, user.Id, "my laptop", DateTime.UtcNow,
            default));

        using var response = await app.ApiClient(token).GetAsync("/api/whoami-v2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        string? Text(string name) => me.GetProperty(name).GetString();
        Assert.Equal(("user", user.Id, user.UserName, user.UserName, user.Email),
            (Text("type"), Text("id"), Text("name"), Text("fullname"), Text("email")));
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(JsonValueKind.Array, me.GetProperty("orgs").ValueKind);
        Assert.Equal(0, me.GetProperty("orgs").GetArrayLength());
        var auth = me.GetProperty("auth");
        Assert.Equal("access_token", auth.GetProperty("type").GetString());
        Assert.Equal(("my laptop", "write"), (auth.GetProperty("accessToken").GetProperty("displayName").GetString(),
            auth.GetProperty("accessToken").GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Whoami_without_a_valid_token_is_401_with_hfs_message_and_no_error_code()
    {
        var user = await app.CreateUserAsync();
        using var badToken = await app.ApiClient("dp_definitely_not_a_valid_token").GetAsync("/api/whoami-v2");
        using var anonymous = await app.CreateClient().GetAsync("/api/whoami-v2");
        using var cookie = await (await app.SignedInAsync(user)).GetAsync("/api/whoami-v2");

        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.Equal("""{"error":"Invalid credentials in Authorization header"}""",
            await badToken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("personal access token is required", await anonymous.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);
        Assert.All(new[] { badToken, anonymous, cookie }, r => Assert.False(r.Headers.Contains("X-Error-Code")));
    }
}
