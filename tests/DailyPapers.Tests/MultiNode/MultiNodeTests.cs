using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Infrastructure;
using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace DailyPapers.Tests.MultiNode;

/// <summary>
/// The cluster as deployed: node processes on one PostgreSQL, Redis for the limits, nginx in front. Run once by
/// <c>./test</c> through <c>scripts/test-multinode.sh</c> (never in the per-provider runs: it needs those servers).
/// </summary>
[Trait("Category", "MultiNode")]
public sealed partial class MultiNodeTests(BalancedCluster cluster, ITestOutputHelper output)
    : IClassFixture<BalancedCluster>
{
    private const int StartRounds = 10;
    private const int NodesAtOnce = 5;

    [Fact]
    public async Task Five_nodes_started_at_once_on_an_empty_database_ten_times_all_serve_and_the_demo_loads_once()
    {
        var crashes = 0;
        for (var round = 1; round <= StartRounds; round++)
        {
            await using var database = await TestDatabase.CreateAsync();
            var directories = Enumerable.Range(0, NodesAtOnce)
                .Select(_ => Directory.CreateTempSubdirectory("dailypapers-mn-start-").FullName).ToList();
            var nodes = directories.Select((directory, i) =>
                ServeProcess.StartOn(cluster.SparePortBase + i, database, directory, cluster.NodeSettings())).ToList();
            try
            {
                foreach (var node in nodes)
                {
                    try
                    {
                        await node.ListeningAsync();
                    }
                    catch (InvalidOperationException e)
                    {
                        crashes++;
                        output.WriteLine($"round {round}: a node died: {e.Message}");
                    }
                }
                for (var i = 0; i < NodesAtOnce; i++)
                {
                    using var client = new HttpClient { BaseAddress = BalancedCluster.Node(cluster.SparePortBase + i) };
                    Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
                }
                await using var db = database.OpenDb();
                Assert.Equal(133, await db.Papers.CountAsync());
                Assert.Single(nodes, n => n.Output.Contains("Loaded the demo corpus", StringComparison.Ordinal));
            }
            finally
            {
                foreach (var node in nodes) await node.DisposeAsync();
                foreach (var directory in directories) Directory.Delete(directory, recursive: true);
            }
        }
        output.WriteLine($"{StartRounds} rounds of {NodesAtOnce} nodes started at once: {crashes} died");
        Assert.Equal(0, crashes);
    }

    [Fact]
    public async Task A_sign_in_on_one_node_holds_on_the_others_and_forms_and_mailed_links_cross_nodes()
    {
        await cluster.CreateUserWithTokenAsync("alice");
        var cookies = new CookieContainer();
        var (one, two, three) = (cluster.NodeUri(0), cluster.NodeUri(1), cluster.NodeUri(2));

        var signIn = await CommunityFixture.PostFormAsync(BalancedCluster.Browser(one, cookies), "/account/sign-in",
            "/account/sign-in", new() { ["Login"] = "alice", ["Password"] = BalancedCluster.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        foreach (var node in new[] { two, three })
            Assert.Contains("id=\"current-user\">alice<",
                await BalancedCluster.Browser(node, cookies).GetStringAsync("/"),
                StringComparison.Ordinal);

        // A form rendered by node 2, posted to node 3.
        var formToken = CommunityFixture.FormToken(
            await BalancedCluster.Browser(two, cookies).GetStringAsync("/account/settings"));
        var created = await BalancedCluster.Browser(three, cookies).PostAsync("/account/settings?handler=CreateToken",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["TokenName"] = "cross-node", ["__RequestVerificationToken"] = formToken,
            }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("id=\"new-token\">dp_", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A password-reset link mailed by node 1, used on node 2; the new password signs in on node 3.
        var anonymous = new CookieContainer();
        await CommunityFixture.PostFormAsync(BalancedCluster.Browser(one, anonymous), "/account/forgot-password",
            "/account/forgot-password", new() { ["Email"] = "alice@example.org" });
        var mail = await CommunityFixture.MailInAsync(cluster.PickupDirectory(0), "alice@example.org",
            "Reset your password");
        var link = new Uri(CommunityFixture.LinkIn(mail)).PathAndQuery;
        var reset = await CommunityFixture.PostFormAsync(BalancedCluster.Browser(two, anonymous), link, link,
            new() { ["Password"] = "Brand new password 7" });
        Assert.Contains("Your password has been changed", await reset.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var again = await CommunityFixture.PostFormAsync(BalancedCluster.Browser(three, new CookieContainer()),
            "/account/sign-in", "/account/sign-in",
                new() { ["Login"] = "alice", ["Password"] = "Brand new password 7" });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task Limits_hold_exactly_across_the_nodes_behind_the_balancer()
    {
        var token = await cluster.CreateUserWithTokenAsync("bob");
        var paper = await AnyPaperAsync();
        using var api = new HttpClient { BaseAddress = cluster.Balancer };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var votes = new ConcurrentBag<HttpStatusCode>();
        await Parallel.ForAsync(0, 3 * BalancedCluster.VoteLimit, new ParallelOptions { MaxDegreeOfParallelism = 6 },
            async (_, ct) => votes.Add((await api.PostAsync($"/api/papers/{paper}/upvote", null, ct)).StatusCode));
        Assert.DoesNotContain(cluster.Nodes,
            n => n.Output.Contains("Redis cannot be reached", StringComparison.Ordinal));
        output.WriteLine($"votes: {votes.Count(s => s == HttpStatusCode.OK)} accepted of {votes.Count}, limit " +
            $"{BalancedCluster.VoteLimit}");
        Assert.Equal(BalancedCluster.VoteLimit, votes.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2 * BalancedCluster.VoteLimit, votes.Count(s => s == HttpStatusCode.TooManyRequests));

        // Sign-ins count per visitor address: this visitor comes from 127.0.0.2, as nginx passes it on.
        var visitor = BalancedCluster.Browser(cluster.Balancer, new CookieContainer(), IPAddress.Parse("127.0.0.2"));
        var signIns = new List<HttpStatusCode>();
        for (var i = 0; i < 3 * BalancedCluster.SignInLimit; i++)
            signIns.Add((await CommunityFixture.PostFormAsync(visitor, "/account/sign-in", "/account/sign-in",
                new() { ["Login"] = "nobody-here", ["Password"] = "Wrong password 1" })).StatusCode);
        output.WriteLine($"sign-ins: {signIns.Count(s => s != HttpStatusCode.TooManyRequests)} let through of " +
            $"{signIns.Count}, "
            + $"limit {BalancedCluster.SignInLimit}");
        Assert.Equal(BalancedCluster.SignInLimit, signIns.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2 * BalancedCluster.SignInLimit, signIns.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_node_killed_under_votes_and_comments_loses_no_acknowledged_write_and_doubles_none()
    {
        string[] names = ["carol", "dave", "erin", "frank"];
        var tokens = new List<string>();
        foreach (var name in names) tokens.Add(await cluster.CreateUserWithTokenAsync(name));
        await using (var db = cluster.Database.OpenDb())
        {
            var papers = await db.Papers.OrderBy(p => p.Id).Select(p => p.Id).Take(20).ToListAsync();
            var votes = new ConcurrentBag<(string User, string Paper)>();
            var comments = new ConcurrentBag<string>();
            var failures = new ConcurrentBag<HttpStatusCode>();
            var done = 0;
            var load = tokens.Select((token, u) => Task.Run(async () =>
            {
                using var api = new HttpClient { BaseAddress = cluster.Balancer };
                api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                for (var i = 0; i < 2 * papers.Count; i++)
                {
                    var paper = papers[i / 2];
                    var body = $"load {names[u]} {i}";
                    var response = i % 2 == 0
                        ? await api.PostAsync($"/api/papers/{paper}/upvote", null)
                        : await api.PostAsJsonAsync($"/api/papers/{paper}/comments", new { comment = body });
                    if (response.IsSuccessStatusCode)
                    {
                        if (i % 2 == 0) votes.Add((names[u], paper));
                        else comments.Add(body);
                    }
                    else
                    {
                        failures.Add(response.StatusCode);
                    }
                    Interlocked.Increment(ref done);
                }
            })).ToList();
            await Poll.UntilAsync(() => Volatile.Read(ref done) >= tokens.Count * papers.Count / 2 ? "under way"
                : null);
            await cluster.Nodes[1].KillAsync();
            await Task.WhenAll(load);
            output.WriteLine($"acknowledged: {votes.Count} votes, {comments.Count} comments; failed: "
                + string.Join(", ", failures.GroupBy(f => f).Select(g => $"{(int)g.Key}×{g.Count()}")));

            Assert.DoesNotContain(failures, f => f == HttpStatusCode.InternalServerError);
            var storedComments = await db.Comments.Where(c => c.Body.StartsWith("load ")).Select(c =>
                c.Body).ToListAsync();
            foreach (var body in comments) Assert.Equal(1, storedComments.Count(c => c == body));
            Assert.Equal(storedComments.Count, storedComments.Distinct().Count());
            var ids = await db.Users.Where(u => names.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!,
                u => u.Id);
            var userIds = ids.Values.ToList();
            var storedVotes = await db.Votes.Where(v => userIds.Contains(v.UserId))
                .Select(v => new { v.UserId, v.PaperId }).ToListAsync();
            foreach (var (user, paper) in votes)
                Assert.Equal(1, storedVotes.Count(v => v.UserId == ids[user] && v.PaperId == paper));
        }
        cluster.Nodes[1] = cluster.StartNode(1);
        await cluster.Nodes[1].ListeningAsync();
        await BalancedCluster.ReadyAsync(cluster.NodePorts[1]);
    }

    [Fact]
    public async Task Papers_a_cli_import_commits_are_found_on_every_node_at_once_and_embedded_once_in_the_cluster()
    {
        const int Imports = 5;
        await EmbeddingQueuesEmptyAsync();
        var before = await EmbeddingsComputedAsync();
        var fromStamp = new ConcurrentBag<double>();
        var fromCommit = new ConcurrentBag<double>();
        // The import's own notification tells when its transaction committed (PostgreSQL sends it at the commit, to
        // this connection as to the nodes').
        await using var listener = new NpgsqlConnection(cluster.Database.ConnectionString);
        await listener.OpenAsync();
        var commits = new ConcurrentQueue<Commit>();
        listener.Notification += (_, _) => commits.Enqueue(new Commit(DateTime.UtcNow));
        await using (var listen = new NpgsqlCommand($"LISTEN {ClusterNotifications.PapersChanged}", listener))
            await listen.ExecuteNonQueryAsync();
        using var stop = new CancellationTokenSource();
        var listening = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await listener.WaitAsync(stop.Token);
        });
        var directory = Directory.CreateTempSubdirectory("dailypapers-mn-import-").FullName;
        for (var i = 0; i < Imports; i++)
        {
            var word = $"zqpropagation{i}x{Guid.NewGuid():N}"[..24];
            var file = Path.Combine(directory, $"{word}.txt");
            await File.WriteAllBytesAsync(file, Listings.Of("Aug 7", ($"Probe {word}", $"An abstract about {word}.")));
            // The nodes are asked while the import runs, so the answer is seen when it comes, not after the CLI exits.
            var found = cluster.NodePorts.Select(async port =>
            {
                using var client = new HttpClient { BaseAddress = BalancedCluster.Node(port) };
                await Poll.UntilAsync(async () =>
                    (await client.GetStringAsync($"/api/papers/search?q={word}&mode=keyword")).Contains(word,
                        StringComparison.Ordinal)
                        ? "found" : null);
                return DateTime.UtcNow;
            }).ToList();
            var import = await CliProcess.RunAsync(cluster.Database, "import", file, "--format", "listing", "--date",
                "2025-08-07");
            Assert.True(import.ExitCode == 0, import.Error);
            var committed = await Poll.UntilAsync(() => commits.TryDequeue(out var commit) ? commit : null);
            await using var db = cluster.Database.OpenDb();
            var stamped = await db.Papers.Where(p => p.Title.Contains(word)).Select(p => p.ModifiedAt).SingleAsync();
            foreach (var at in await Task.WhenAll(found))
            {
                // From the import's stamp (taken before it wrote the papers) to the answer: an upper bound.
                fromStamp.Add((at - stamped).TotalSeconds);
                fromCommit.Add((at - committed.At).TotalSeconds);
            }
        }
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);
        Directory.Delete(directory, recursive: true);
        output.WriteLine($"keyword propagation to {cluster.NodePorts.Count} nodes, {fromCommit.Count} samples, "
            + $"from the commit: {Percentiles(fromCommit)}; from the import's stamp: {Percentiles(fromStamp)}");

        await Poll.UntilAsync(async () => await EmbeddingsComputedAsync() - before >= Imports ? "embedded" : null);
        await EmbeddingQueuesEmptyAsync();
        var computed = await EmbeddingsComputedAsync() - before;
        output.WriteLine($"{Imports} imported papers: {computed} embeddings computed across the cluster");
        Assert.Equal(Imports, computed);
    }

    private sealed record Commit(DateTime At);

    private static string Percentiles(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        return $"p50 {sorted[sorted.Count / 2]:F2} s, p95 {sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1]:F2} s, "
            + $"max {sorted[^1]:F2} s";
    }

    [Fact]
    public async Task A_vote_on_one_node_and_a_cli_import_show_on_the_other_nodes_cached_pages_at_once()
    {
        var token = await cluster.CreateUserWithTokenAsync("grace");
        DateOnly day;
        await using (var db = cluster.Database.OpenDb()) day = await db.DailyEntries.MaxAsync(e => e.Date);
        var others = cluster.NodePorts.Skip(1)
            .Select(port => new HttpClient { BaseAddress = BalancedCluster.Node(port) }).ToList();
        const string List = "/api/daily_papers?limit=100";
        var paper = (await ListAsync(others[0], List))[0].GetProperty("paper");
        var (id, upvotes) = (paper.GetProperty("id").GetString()!, paper.GetProperty("upvotes").GetInt32());
        foreach (var client in others)
        {
            foreach (var url in new[] { "/", List })
            {
                await client.GetAsync(url);
                Assert.NotNull((await client.GetAsync(url)).Headers.Age); // the second answer came from the cache
            }
        }

        using var api = new HttpClient { BaseAddress = cluster.NodeUri(0) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/papers/{id}/upvote", null)).StatusCode);
        foreach (var client in others)
        {
            await Poll.UntilAsync(async () => (await ListAsync(client, List)).Any(item =>
                item.GetProperty("paper").GetProperty("id").GetString() == id
                && item.GetProperty("paper").GetProperty("upvotes").GetInt32() == upvotes + 1) ? "shown" : null);
            await Poll.UntilAsync(async () => Card().Matches(await client.GetStringAsync("/")).Any(card =>
                card.Value.Contains($"/papers/{id}\"", StringComparison.Ordinal)
                && card.Value.Contains($"class=\"vote-count\">{upvotes + 1}<", StringComparison.Ordinal))
                    ? "shown" : null);
        }

        var word = $"zqcached{Guid.NewGuid():N}"[..20];
        var file = Path.Combine(Path.GetTempPath(), $"{word}.txt");
        await File.WriteAllBytesAsync(file, Listings.Of(day.ToString("MMM d", CultureInfo.InvariantCulture),
            ($"Cached {word}", $"An abstract about {word}.")));
        var import = await CliProcess.RunAsync(cluster.Database, "import", file, "--format", "listing", "--date",
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        File.Delete(file);
        Assert.True(import.ExitCode == 0, import.Error);
        foreach (var client in others)
        {
            await Poll.UntilAsync(async () =>
                (await client.GetStringAsync("/")).Contains(word, StringComparison.Ordinal) ? "shown" : null);
            await Poll.UntilAsync(async () => (await client.GetStringAsync(List)).Contains(word,
                StringComparison.Ordinal) ? "shown" : null);
        }
        foreach (var client in others) client.Dispose();
    }

    [GeneratedRegex("""<article class="card"[^>]*>[\s\S]*?</article>""")]
    private static partial Regex Card();

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string url) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray()];

    /// <summary>Embeddings computed by all nodes, from each node's own /metrics.</summary>
    private async Task<long> EmbeddingsComputedAsync()
    {
        long sum = 0;
        foreach (var port in cluster.NodePorts) sum += (long)await
            MetricAsync(port, "dailypapers_embeddings_computed_total");
        return sum;
    }

    private async Task EmbeddingQueuesEmptyAsync()
    {
        foreach (var port in cluster.NodePorts)
            await Poll.UntilAsync(async () =>
                await MetricAsync(port, "dailypapers_embedding_queue") == 0 ? "empty" : null);
    }

    private static async Task<double> MetricAsync(int port, string name)
    {
        using var client = new HttpClient { BaseAddress = BalancedCluster.Node(port) };
        var text = await client.GetStringAsync("/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)
            || l.StartsWith(name + "{", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> AnyPaperAsync()
    {
        await using var db = cluster.Database.OpenDb();
        return await db.Papers.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
    }
}
