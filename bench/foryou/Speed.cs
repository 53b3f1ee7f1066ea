using System.Diagnostics;
using System.Runtime.InteropServices;
using DailyPapers.Features.ForYou;

namespace ForYouBench;

/// <summary>Training one reader and ranking 10,000 candidates, pinned to one core, p50/p99 over many runs.</summary>
public static class Speed
{
    public static void Run(Corpus corpus, int runs)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) Process.GetCurrentProcess().ProcessorAffinity = 1;
        var methods = new Methods(corpus);
        var settings = new ReaderModelSettings();
        var reader = Reader.Sample(corpus, topic: 0, seed: 1, Regime.NewWork);
        var background = methods.Background(reader);
        var typical = methods.Signals(reader, 20, []);
        var random = new Random(3);
        var heavy = new ReaderSignals(Matrix(corpus, random, settings.MaxLiked), Matrix(corpus, random, 50), []);
        var candidates = new CandidatePapers(10_000);
        for (var i = 0; i < 10_000; i++)
        {
            var paper = i % corpus.Papers.Count;
            candidates.Add($"{corpus.Papers[paper].Id}#{i}", corpus.Vectors[paper], Reader.TrendingScore(corpus, paper),
                corpus.Papers[paper].Categories);
        }
        var model = ReaderModel.Train(typical, background, settings);
        var cold = ReaderModel.Train(ReaderSignals.None with { Topics = ["cs.CV"] }, background, settings);

        Console.WriteLine($"one core (affinity 1), {runs} runs after {runs / 10} warm-up runs; milliseconds");
        Console.WriteLine($"{"operation",-58} {"wall p50",7} {"p99",7} {"CPU p50",7} {"p99",7}");
        Report($"background from {background.Papers.Count} sampled papers", runs, () => methods.Background(reader));
        var negatives = $"{settings.RandomNegatives} random";
        Report($"train: {typical.Liked.Count} liked, {typical.Dismissed.Count} dismissed, {negatives}",
            runs, () => ReaderModel.Train(typical, background, settings));
        Report($"train: {heavy.Liked.Count} liked (the cap), {heavy.Dismissed.Count} dismissed, {negatives}",
            runs, () => ReaderModel.Train(heavy, background, settings));
        Report("rank 10,000 candidates, first page of 20", runs, () => ForYouRanking.Rank(model, candidates, 0, 20));
        Report("rank 10,000 candidates, fifth page of 20", runs, () => ForYouRanking.Rank(model, candidates, 80, 20));
        Report("rank 10,000 candidates, cold start (topics + trending)", runs,
            () => ForYouRanking.Rank(cold, candidates, 0, 20));
    }

    private static EmbeddingMatrix Matrix(Corpus corpus, Random random, int count)
    {
        var matrix = new EmbeddingMatrix(count);
        for (var i = 0; i < count; i++)
        {
            var paper = random.Next(corpus.Papers.Count);
            matrix.Add(corpus.Papers[paper].Id + "#" + i, corpus.Vectors[paper]);
        }
        return matrix;
    }

    private static void Report(string name, int runs, Action action)
    {
        for (var i = 0; i < runs / 10; i++) action();
        var wall = new double[runs];
        var cpu = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var startCpu = ThreadCpuMilliseconds();
            action();
            cpu[i] = ThreadCpuMilliseconds() - startCpu;
            wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        Console.WriteLine($"{name,-58} {wall[runs / 2],7:F3} {wall[(int)(runs * 0.99)],7:F3} "
            + $"{cpu[runs / 2],7:F3} {cpu[(int)(runs * 0.99)],7:F3}");
    }

    /// <summary>CPU time of this thread (Linux): what an operation costs, whatever else the machine runs.</summary>
    private static double ThreadCpuMilliseconds() =>
        ClockGetTime(ThreadCpuClock, out var time) == 0 ? time.Seconds * 1e3 + time.Nanoseconds / 1e6 : double.NaN;

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
