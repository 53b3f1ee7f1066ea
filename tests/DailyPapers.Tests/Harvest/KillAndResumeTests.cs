using System.Diagnostics;
using System.Text;
using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Harvest;

/// <summary>The real CLI as a child process, killed mid-harvest and run again: every record arrives exactly
/// once.</summary>
public sealed class KillAndResumeTests : IAsyncLifetime
{
    private const int Pages = 5;
    private const int PerPage = 40;
    private FixtureServer server = null!;
    private readonly HarvestAppFactory app = new();

    public async Task InitializeAsync()
    {
        server = await FixtureServer.StartAsync();
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)app).DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_harvest_killed_after_page_3_resumes_at_page_4_and_imports_every_record_once()
    {
        var page4Asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = true;
        server.Respond = async context =>
        {
            var page = context.Request.Query["resumptionToken"] is { Count: 1 } token
                ? int.Parse(token.ToString()[5..], System.Globalization.CultureInfo.InvariantCulture) : 1;
            if (page == 4 && hang)
            {
                // Pages 1-3 are committed before page 4 is asked for; the process dies while waiting for it.
                page4Asked.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { },
                    TaskScheduler.Default);
                return;
            }
            await FixtureServer.Xml(context, GeneratedPage(page));
        };

        using (var first = StartHarvest())
        {
            // Drain its output so a chatty child never blocks on a full pipe.
            first.BeginOutputReadLine();
            first.BeginErrorReadLine();
            await page4Asked.Task.WaitAsync(Patience.HangGuard);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var killed = (await app.StateAsync())!;
        Assert.Equal(("page-4", 3, 3 * PerPage), (killed.ResumptionToken, killed.Pages, killed.Records));
        Assert.Equal(3 * PerPage, await app.WithDbAsync(db => db.Papers.CountAsync()));

        hang = false;
        server.Requests.Clear();
        using var second = StartHarvest();
        var output = await second.StandardOutput.ReadToEndAsync();
        var errors = await second.StandardError.ReadToEndAsync();
        await second.WaitForExitAsync();

        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}\n{output}\n{errors}");
        Assert.Contains("Harvest complete (resumed): 5 pages, 200 records", output, StringComparison.Ordinal);
        Assert.Contains("resuming after page 3 (120 records seen)", errors, StringComparison.Ordinal);
        Assert.Equal(["/oai?verb=ListRecords&resumptionToken=page-4", "/oai?verb=ListRecords&resumptionToken=page-5"],
            server.Requests);
        var ids = await app.WithDbAsync(db => db.Papers.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        Assert.Equal(Enumerable.Range(1, Pages * PerPage).Select(Id), ids);
        var done = (await app.StateAsync())!;
        Assert.Equal((null, Pages, Pages * PerPage), (done.ResumptionToken, done.Pages, done.Records));
    }

    private static string Id(int n) => $"2501.{n:D5}";

    private static string GeneratedPage(int page)
    {
        var xml = new StringBuilder("""
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-01-16T02:00:00Z</responseDate>
            <request verb="ListRecords">https://oaipmh.arxiv.org/oai</request><ListRecords>
            """);
        for (var n = (page - 1) * PerPage + 1; n <= page * PerPage; n++)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                <record><header><identifier>oai:arXiv.org:{Id(n)}</identifier><datestamp>2025-01-15</datestamp>
                <setSpec>cs</setSpec></header><metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>{Id(n)}</id>
                <created>2025-01-15</created><authors><author><keyname>Author</keyname>
                <forenames>Number {n}</forenames></author></authors><title>Paper number {n}</title>
                <categories>cs.LG</categories><abstract>Abstract of paper {n}.</abstract></arXiv></metadata></record>
                """);
        }
        var next = page < Pages ? $"page-{page + 1}" : "";
        xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
            <resumptionToken cursor="{(page - 1) * PerPage}"
                completeListSize="{Pages * PerPage}">{next}</resumptionToken></ListRecords></OAI-PMH>
            """);
        return xml.ToString();
    }

    private Process StartHarvest()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(CliProcess.AppDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { CliProcess.AppDll, "harvest", "--from", "2025-01-15", "--set", "cs", "--endpoint",
            server.OaiEndpoint }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in app.Database.EnvironmentVariables()) start.Environment[key] = value;
        start.Environment["DAILYPAPERS_Harvest__RequestInterval"] = "00:00:00.001";
        start.Environment["DAILYPAPERS_Instance__LoadDemo"] = "false";
        return Process.Start(start)!;
    }
}
