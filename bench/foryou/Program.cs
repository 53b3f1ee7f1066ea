using System.Globalization;
using ForYouBench;

// dotnet run -c Release --project bench/foryou -- quality [READERS_PER_TOPIC] [FOREIGN_SHARE]
//   | ablation [READERS_PER_TOPIC] [FOREIGN_SHARE] [VARIANT_NAME_PART] | cold [READERS_PER_TOPIC] | speed [RUNS]
//   | http [PAPERS] [SECONDS] [PORT]
// FOREIGN_SHARE (default 0): the chance that a generated sentence comes from a paper of another topic; the higher,
// the more words topics share and the harder it is to tell them apart by words alone.
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
const int GeneratedPerTopic = 180;
int Arg(int fallback) => args.Length > 1 ? int.Parse(args[1]) : fallback;

if (args.FirstOrDefault() == "http")
{
    int At(int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
    await Http.RunAsync(At(1, 20_000), At(2, 20), At(3, 57_080));
    return 0;
}
if (args.FirstOrDefault() is not ("quality" or "ablation" or "cold" or "speed"))
{
    Console.Error.WriteLine("usage: quality [READERS_PER_TOPIC] [FOREIGN_SHARE] "
        + "| ablation [READERS_PER_TOPIC] [FOREIGN_SHARE] [VARIANT] | cold [READERS_PER_TOPIC] | speed [RUNS] "
        + "| http [PAPERS] [SECONDS] [PORT]");
    return 2;
}
var foreignShare = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0;
var corpus = Corpus.Load(root, GeneratedPerTopic, foreignShare, seed: 1);
Console.WriteLine($"Corpus: {corpus.Papers.Count} papers, the demo's 133 + {GeneratedPerTopic} generated per topic "
    + $"({foreignShare:P0} of their sentences from other topics), {corpus.Topics.Count} topics");
switch (args[0])
{
    case "quality":
        Diagnostics.PrintTopics(corpus);
        Quality.Run(corpus, Arg(25));
        break;
    case "ablation":
        Ablation.Run(corpus, Arg(10), args.ElementAtOrDefault(3));
        break;
    case "cold":
        Ablation.RunColdStart(corpus, Arg(25));
        break;
    case "speed":
        Speed.Run(corpus, Arg(500));
        break;
}
return 0;
