using SearchBench;

// dotnet run -c Release --project bench/search -- quality [EXTRA_PAPERS] | perf [SIZES] [keyword] | http [PAPERS]
// [SECONDS]
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
switch (args.FirstOrDefault())
{
    case "quality":
        await Quality.RunAsync(root, args.Length > 1 ? int.Parse(args[1]) : 0, port: 5791);
        break;
    case "perf":
        Perf.Run(root, args.Length > 1 ? [.. args[1].Split(',').Select(int.Parse)] : [10_000, 100_000],
            keywordOnly: args.Contains("keyword"));
        break;
    case "http":
        await Http.RunAsync(root, args.Length > 1 ? int.Parse(args[1]) : 20_000,
            args.Length > 2 ? int.Parse(args[2]) : 20, port: 5792);
        break;
    default:
        Console.Error.WriteLine("usage: quality [EXTRA_PAPERS] | perf [10000,100000,1000000] [keyword] | http " +
            "[PAPERS] [SECONDS]");
        return 2;
}
return 0;
