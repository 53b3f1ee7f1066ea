using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Community;

/// <summary>
/// What a request wrote, every later request reads: no pooled context or connection carries an old snapshot into
/// the next request, and every SQLite connection the site opens runs with the settings it was written for.
/// </summary>
[Collection(CommunityCollection.Name)]
public sealed class ReadYourWritesTests(CommunityFixture app)
{
    [Fact]
    public async Task Every_count_read_after_many_concurrent_voters_answered_equals_the_votes()
    {
        var papers = Enumerable.Range(0, 5).Select(i => $"2303.{90000 + i:00000}").ToList();
        await app.ImportAsync([.. papers.Select(id =>
            new PaperRecord { Id = id, Title = $"Many votes {id}", Abstract = "", Origin = id })]);
        var voters = new List<HttpClient>();
        for (var i = 0; i < 40; i++)
        {
            var voter = await app.CreateUserAsync(app.NewName("rw"), withPassword: false);
            voters.Add(app.ApiClient(await app.TokenForAsync(voter)));
        }

        foreach (var paper in papers)
        {
            var answers = await Task.WhenAll(voters.Select(v => v.PostAsync($"/api/papers/{paper}/upvote", null)));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            // Many reads, some at once, so they go through many of the pooled contexts and connections.
            var reads = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
            {
                var json = await voters[i % voters.Count].GetFromJsonAsync<JsonElement>($"/api/papers/{paper}");
                return json.GetProperty("upvotes").GetInt32();
            }));
            Assert.All(reads, count => Assert.Equal(40, count));
            Assert.Equal((40, 0, 40), await app.CountsAsync(paper));
        }
    }

    [Fact]
    public async Task A_sqlite_connection_opened_again_after_the_pool_dropped_its_idle_ones_has_the_sites_settings()
    {
        if (TestDatabase.Provider != "sqlite") return;
        var client = app.CreateClient();
        await client.GetStringAsync($"/api/papers/{CommunityFixture.Fresh(1)}");
        // Idle connections are closed now and then (Microsoft.Data.Sqlite prunes its pool); here all at once.
        await app.WithDbAsync(db =>
        {
            SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());
            return Task.FromResult(0);
        });
        await client.GetStringAsync($"/api/papers/{CommunityFixture.Fresh(1)}");

        var (busyTimeout, synchronous) = await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                return (await PragmaAsync(connection, "busy_timeout"), await PragmaAsync(connection, "synchronous"));
            }
            finally { await db.Database.CloseConnectionAsync(); }
        });
        Assert.Equal(30_000, busyTimeout);
        Assert.Equal(1, synchronous); // NORMAL
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
