using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Harvest;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for arXiv and Hugging Face. Each test sets <see cref="Respond"/>;
/// every request's path and query is recorded.
/// </summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private readonly WebApplication app;
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string> UserAgents { get; } = new();
    public Func<HttpContext, Task> Respond { get; set; } = context =>
        { context.Response.StatusCode = 404; return Task.CompletedTask; };
    public string BaseUrl { get; }

    private FixtureServer(WebApplication app, string baseUrl) => (this.app, BaseUrl) = (app, baseUrl);

    public static async Task<FixtureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        FixtureServer? server = null;
        app.Run(context =>
        {
            server!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            server.UserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            return server.Respond(context);
        });
        await app.StartAsync();
        var address =
            app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FixtureServer(app, address);
        return server;
    }

    public string OaiEndpoint => BaseUrl + "/oai";

    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Harvest", name));

    public static Task Xml(HttpContext context, string xml)
    {
        context.Response.ContentType = "text/xml; charset=utf-8";
        return context.Response.WriteAsync(xml);
    }

    /// <summary>The three fixture pages of set cs, by resumption token.</summary>
    public static Task ThreePages(HttpContext context) =>
        Xml(context, Fixture(context.Request.Query["resumptionToken"].ToString() switch
    {
        "" => "oai-page1.xml",
        "7091526|1001" => "oai-page2.xml",
        "7091526|2001" => "oai-page3.xml",
        var token => throw new InvalidOperationException($"unexpected token {token}"),
    }));

    public static string OaiError(string code, string message) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
        <responseDate>2025-01-16T02:00:01Z</responseDate>
        <request verb="ListRecords">https://oaipmh.arxiv.org/oai</request>
        <error code="{code}">{message}</error>
        </OAI-PMH>
        """;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
