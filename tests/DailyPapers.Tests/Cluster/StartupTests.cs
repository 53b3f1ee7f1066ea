using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Cluster;

/// <summary>
/// Nodes of a cluster started at the same moment on an empty database, as after a deploy: the real executable, one
/// process and data directory per node, and a `migrate` deploy step running alongside. One migrates and loads the
/// demo; the others wait for it, find the work done and serve. (On SQLite: processes sharing one database file.)
/// </summary>
public sealed class StartupTests
{
    private const int Rounds = 2;
    private const int Nodes = 3;

    [Fact]
    public async Task Nodes_started_together_on_an_empty_database_all_serve_and_the_demo_is_loaded_once()
    {
        for (var round = 1; round <= Rounds; round++)
        {
            await using var database = await TestDatabase.CreateAsync();
            var directories = Enumerable.Range(0, Nodes + 1).Select(_ => ClusterNode.NewDataDirectory()).ToList();
            var nodes = directories.Skip(1).Select(directory => ServeProcess.Start(database, directory)).ToList();
            try
            {
                var migrate = CliProcess.RunOnNodeAsync(database, directories[0], "migrate");
                foreach (var node in nodes) await node.ListeningAsync();
                var migrated = await migrate;
                Assert.True(migrated.ExitCode == 0, $"round {round}: migrate failed: {migrated.Error}");

                await using var db = database.OpenDb();
                Assert.Equal(133, await db.Papers.CountAsync());
                Assert.Equal(1, await db.DailyEntries.Select(e => e.Date).Distinct().CountAsync());
                Assert.Single(nodes, n => n.Output.Contains("Loaded the demo corpus", StringComparison.Ordinal));
            }
            finally
            {
                foreach (var node in nodes) await node.DisposeAsync();
                foreach (var directory in directories) Directory.Delete(directory, recursive: true);
            }
        }
    }
}
