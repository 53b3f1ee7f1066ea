using DailyPapers.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Site;

/// <summary><c>Instance:PageCacheSeconds</c> out of range stops start-up with a message naming the setting.</summary>
public sealed class PageCacheSettingTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private readonly List<ClusterNode> nodes = [];

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await ((IAsyncLifetime)node).DisposeAsync();
            Directory.Delete(node.DataDirectory, recursive: true);
        }
        await database.DisposeAsync();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86401")]
    public async Task A_page_cache_lifetime_out_of_range_stops_start_up(string seconds)
    {
        var node = new ClusterNode(database, ClusterNode.NewDataDirectory(),
            new Dictionary<string, string> { ["Instance:PageCacheSeconds"] = seconds });
        nodes.Add(node);
        var failed = await Assert.ThrowsAsync<OptionsValidationException>(node.InitializeAsync);
        Assert.Contains("Instance:PageCacheSeconds must be between 1 and 86400.", failed.Message,
            StringComparison.Ordinal);
    }
}
