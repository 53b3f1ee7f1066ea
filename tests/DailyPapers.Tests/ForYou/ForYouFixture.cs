using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.ForYou;

/// <summary>
/// The community instance plus twelve recent papers on two topics, embedded by the real model: six on proteins
/// (q-bio.BM, few upvotes) and six on robots (cs.RO, many upvotes, so they trend). Models retrain 50 ms after an act
/// and the recent papers are read again on every request, so a test sees its acts at once.
/// </summary>
public sealed class ForYouFixture : CommunityFixture
{
    public static readonly string[] Protein = [.. Enumerable.Range(1, 6).Select(n => $"{Month}.{20000 + n}")];
    public static readonly string[] Robots = [.. Enumerable.Range(1, 6).Select(n => $"{Month}.{20100 + n}")];

    /// <summary>The one paper of this author: following her name brings it first.</summary>
    public const string SoloAuthor = "Grace Hopper";

    private static readonly string[] ProteinTitles =
    [
        "Predicting protein structure with geometric deep learning",
        "Protein folding dynamics from molecular simulation",
        "Designing enzymes with protein language models",
        "Antibody binding affinity prediction from amino acid sequences",
        "Learning protein-ligand docking with equivariant networks",
        "Generative diffusion models of protein backbones",
    ];

    private static readonly string[] RobotTitles =
    [
        "Dexterous robot hand manipulation with reinforcement learning",
        "Legged robot locomotion over rough terrain",
        "Imitation learning for robotic grasping from human videos",
        "Sim-to-real transfer for robot arm control",
        "Mobile robot navigation in crowded environments",
        "Visual servoing for robotic assembly tasks",
    ];

    protected override bool Embeddings => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForYou:RetrainDelay", "00:00:00.050");
        builder.UseSetting("ForYou:CandidateRefresh", "00:00:00");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var published = DateTime.UtcNow.AddDays(-1);
        PaperRecord Record(string id, string title, string topic, string category, string author, int upvotes,
            int hour) => new()
        {
            Id = id, Title = title, Origin = id, Categories = category, PublishedAt = published, Upvotes = upvotes,
            Abstract = $"{title}. We study {topic} and report results on standard {topic} benchmarks.",
            Authors = [author, "Ada Lovelace"],
            Featured = new FeaturedOn(today, published.AddMinutes(hour), null),
        };
        var records = new List<PaperRecord>();
        for (var i = 0; i < 6; i++)
        {
            records.Add(Record(Protein[i], ProteinTitles[i], "protein structure and biology", "q-bio.BM",
                "Rosalind Franklin", 1 + i, i));
            records.Add(Record(Robots[i], RobotTitles[i], "robot learning and control", "cs.RO",
                i == 5 ? SoloAuthor : "Rodney Brooks", 100 + i, i));
        }
        await ImportAsync(records);
        await WaitUntilEmbeddedAsync();
    }

    private async Task WaitUntilEmbeddedAsync()
    {
        var indexer = Services.GetRequiredService<SearchIndexer>();
        using var timeout = new CancellationTokenSource(Patience.HangGuard);
        while (!indexer.IsIdle) await Task.Delay(50, timeout.Token);
    }

    /// <summary>The For-you API's items for this client (status checked).</summary>
    public static async Task<List<JsonElement>> ForYouAsync(HttpClient api, string query = "")
    {
        using var response = await api.GetAsync("/api/papers/for-you" + query);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    public static string IdOf(JsonElement item) => item.GetProperty("paper").GetProperty("id").GetString()!;

    public static string ReasonOf(JsonElement item) => item.GetProperty("reason").GetProperty("kind").GetString()!;

    /// <summary>Polls the API until the reader's model has learnt (a paper is there because it is like one).</summary>
    public static Task<List<JsonElement>> LearntAsync(HttpClient api, string query = "") =>
        Poll.UntilAsync(async () =>
        {
            var items = await ForYouAsync(api, query);
            return items.Count > 0 && items.All(i => ReasonOf(i) is "like" or "follow") ? items : null;
        });
}
