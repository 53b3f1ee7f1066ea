using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Infrastructure;

namespace DailyPapers.Tests.Community;

/// <summary>
/// A client's mistakes (a handler a page does not have, a return URL with control characters, an unreadable form, a
/// body that is not the JSON an endpoint takes) get a 4xx with a message, or a safe redirect: never a 500.
/// </summary>
[Collection(CommunityCollection.Name)]
public sealed partial class BadRequestTests(CommunityFixture app)
{
    private static readonly string Paper = CommunityFixture.Fresh(1);

    private static async Task<string> TokenAsync(HttpClient client, string page) =>
        Token().Match(await client.GetStringAsync(page)).Groups[1].Value;

    private static async Task<string?> ErrorMessageOf(HttpResponseMessage response) =>
        ErrorMessageText().Match(await response.Content.ReadAsStringAsync()) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private const string TokenField = "__RequestVerificationToken";

    private static FormUrlEncodedContent Form(Dictionary<string, string> fields) => new(fields);

    [Theory]
    [InlineData("")]
    [InlineData("?handler=Comment")]
    [InlineData("?handler=Nope")]
    public async Task A_post_to_the_paper_page_which_takes_none_is_405(string query)
    {
        var client = await app.SignedInAsync(await app.CreateUserAsync());
        var token = await TokenAsync(client, $"/papers/{Paper}");

        var response = await client.PostAsync($"/papers/{Paper}{query}", Form(new() { [TokenField] = token }));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
        Assert.Equal("This page does not take POST requests.", await ErrorMessageOf(response));
    }

    [Theory]
    [InlineData("/account/settings?handler=Nope")]
    [InlineData("/account/settings")]
    public async Task A_post_to_a_form_the_page_does_not_have_is_400(string action)
    {
        var client = await app.SignedInAsync(await app.CreateUserAsync());

        var fields = new Dictionary<string, string> { ["FullName"] = "X" };
        var response = await CommunityFixture.PostFormAsync(client, "/account/settings", action, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This page has no such action: reload it and try again.", await ErrorMessageOf(response));
    }

    [Theory]
    [InlineData("/\r\nSet-Cookie: stolen=1")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/papers/\u00e9t\u00e9")]
    [InlineData("https://evil.example/")]
    public async Task A_vote_goes_back_only_to_a_plain_local_path(string returnUrl)
    {
        var client = await app.SignedInAsync(await app.CreateUserAsync());

        var response = await CommunityFixture.PostFormAsync(client, $"/papers/{Paper}", $"/papers/{Paper}/vote",
            new() { ["upvote"] = "true", ["returnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith("stolen", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r/evil.example")]
    public async Task Signing_in_goes_back_only_to_a_plain_local_path(string returnUrl)
    {
        var user = await app.CreateUserAsync();
        var client = app.BrowserClient();

        var response = await CommunityFixture.PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Login"] = user.UserName!, ["Password"] = CommunityFixture.Password, ["ReturnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_form_too_big_to_read_is_400_with_a_message()
    {
        var client = await app.SignedInAsync(await app.CreateUserAsync());
        var fields = Enumerable.Range(0, 2_000).ToDictionary(i => $"f{i}", _ => "1");
        fields[TokenField] = await TokenAsync(client, $"/papers/{Paper}");

        var response = await client.PostAsync($"/papers/{Paper}/vote", Form(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SiteResults.UnreadableForm, await ErrorMessageOf(response));
    }

    private const string Json = "application/json";
    private const HttpStatusCode BadRequest = HttpStatusCode.BadRequest;
    private const HttpStatusCode UnsupportedMediaType = HttpStatusCode.UnsupportedMediaType;
    private const string Submit = "/api/papers/submit";
    private static readonly string Comments = $"/api/papers/{Paper}/comments";

    public static TheoryData<string, string, string, HttpStatusCode, string> MalformedBodies => new()
    {
        { Submit, Json, "{\"paperId\": ", BadRequest, "The request body is not valid JSON (line 1, byte " },
        { Submit, Json, "[\"2508.05629\"]", BadRequest, "The request body must be a JSON object (see /docs/api)." },
        { Submit, Json, "{\"paperId\": 2508.05629}", HttpStatusCode.BadRequest,
            "The request body's \"paperId\" has the wrong type (see /docs/api)." },
        { Submit, Json, "", HttpStatusCode.BadRequest, "Enter an arXiv id" },
        { Submit, "text/plain", "{\"paperId\": \"2508.05629\"}", UnsupportedMediaType, ClientErrors.JsonBodyExpected },
        { Submit, "application/x-www-form-urlencoded", "paperId=2508.05629", HttpStatusCode.UnsupportedMediaType,
            ClientErrors.JsonBodyExpected },
        { Comments, Json, "{\"comment\": \"hi\", \"parentId\": \"first\"}", HttpStatusCode.BadRequest,
            "The request body's \"parentId\" has the wrong type (see /docs/api)." },
        { Comments, Json, "{oops}", BadRequest, "The request body is not valid JSON (line 1, byte 2): " },
        { Comments, Json, "", HttpStatusCode.BadRequest, "Write something first: the comment is empty." },
        { Comments, "text/plain", "hi", HttpStatusCode.UnsupportedMediaType, ClientErrors.JsonBodyExpected },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task The_write_api_answers_a_body_it_cannot_take_with_a_json_error(
        string url, string contentType, string body, HttpStatusCode status, string error)
    {
        var client = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));

        var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith(error, json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/nope", HttpStatusCode.NotFound, "Nothing at /api/nope: see /docs/api.")]
    [InlineData("PUT", Submit, HttpStatusCode.MethodNotAllowed, Submit + " does not take PUT requests: see /docs/api.")]
    [InlineData("DELETE", "/api/daily_papers", HttpStatusCode.MethodNotAllowed,
        "/api/daily_papers does not take DELETE requests: see /docs/api.")]
    public async Task The_api_answers_an_address_or_method_it_does_not_have_with_a_json_error(
        string method, string url, HttpStatusCode status, string error)
    {
        var client = app.ApiClient(await app.TokenForAsync(await app.CreateUserAsync()));

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(status, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, json.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/u/%0D%0A")]
    [InlineData("/u/%20")]
    public async Task A_profile_address_with_a_blank_name_is_404(string url)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_error_page_visited_directly_is_not_a_server_error()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/error")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("class=\"error-message\">([^<]*)<")]
    private static partial Regex ErrorMessageText();
}
