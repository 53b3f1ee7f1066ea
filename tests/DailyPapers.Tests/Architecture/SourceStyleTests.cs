using DailyPapers.Tests.Infrastructure;

namespace DailyPapers.Tests.Architecture;

/// <summary>
/// The project brief keeps lines within 120 characters so that code reads, and diffs review, side by side. Only what
/// people write is held to it: generated EF migrations and vendored minified scripts are skipped, and data files
/// (JSON, TSV, XML fixtures) and Markdown (tables) are not source.
/// </summary>
public class SourceStyleTests
{
    private const int MaxLineLength = 120;

    private static readonly string[] SourceExtensions = [".cs", ".cshtml", ".sh", ".js", ".css", ".csproj", ".props"];

    /// <summary>Folders searched recursively; the checkout's root is searched too, but not below it.</summary>
    private static readonly string[] SourceFolders = ["src", "tests", "bench", "scripts", ".ci"];

    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "TestResults", "Migrations"];

    [Fact]
    public void Every_source_line_fits_in_120_characters()
    {
        var tooLong = SourceFiles()
            .SelectMany(file => File.ReadLines(file)
                .Select((line, index) => (File: file, Number: index + 1, line.Length))
                .Where(line => line.Length > MaxLineLength))
            .Select(line => $"{Path.GetRelativePath(Root, line.File)}:{line.Number} ({line.Length} characters)")
            .ToList();

        Assert.True(tooLong.Count == 0,
            $"{tooLong.Count} lines longer than {MaxLineLength} characters:\n{string.Join("\n", tooLong)}");
    }

    [Fact]
    public void The_line_check_reads_every_kind_of_source()
    {
        var files = SourceFiles().Select(file => Path.GetRelativePath(Root, file)).ToHashSet();

        Assert.Contains("Directory.Build.props", files);
        Assert.Contains("test", files);
        Assert.Contains(Path.Combine("src", "DailyPapers", "Program.cs"), files);
        Assert.Contains(Path.Combine("src", "DailyPapers", "DailyPapers.csproj"), files);
        Assert.Contains(Path.Combine("src", "DailyPapers", "Features", "Shared", "_Layout.cshtml"), files);
        Assert.Contains(Path.Combine("src", "DailyPapers", "wwwroot", "css", "site.css"), files);
        Assert.Contains(Path.Combine("src", "DailyPapers", "wwwroot", "js", "site.js"), files);
        Assert.Contains(Path.Combine("scripts", "pgtemp.sh"), files);
        Assert.Contains(Path.Combine(".ci", "run"), files);
        Assert.DoesNotContain(files, file => file.Contains("Migrations", StringComparison.Ordinal));
        Assert.DoesNotContain(files, file => file.EndsWith(".min.js", StringComparison.Ordinal));
    }

    private static string Root => CliProcess.RepositoryRoot;

    private static IEnumerable<string> SourceFiles() => Directory.EnumerateFiles(Root)
        .Concat(SourceFolders
            .Select(folder => Path.Combine(Root, folder))
            .Where(Directory.Exists)
            .SelectMany(FilesBelow))
        .Where(IsSource)
        .Order(StringComparer.Ordinal);

    private static IEnumerable<string> FilesBelow(string folder) => Directory.EnumerateFiles(folder)
        .Concat(Directory.EnumerateDirectories(folder)
            .Where(dir => !SkippedFolders.Contains(Path.GetFileName(dir)))
            .SelectMany(FilesBelow));

    /// <summary>Source by extension, plus the extension-less shell scripts (./test, ./run, ./dailypapers).</summary>
    private static bool IsSource(string file)
    {
        var generated = file.EndsWith(".min.js", StringComparison.Ordinal)
            || file.EndsWith(".Designer.cs", StringComparison.Ordinal);
        if (generated) return false;
        var extension = Path.GetExtension(file);
        if (extension.Length == 0) return StartsWithShebang(file);
        return SourceExtensions.Contains(extension);
    }

    private static bool StartsWithShebang(string file)
    {
        using var reader = new StreamReader(file);
        var buffer = new char[2];
        return reader.ReadBlock(buffer) == 2 && buffer is ['#', '!'];
    }
}
