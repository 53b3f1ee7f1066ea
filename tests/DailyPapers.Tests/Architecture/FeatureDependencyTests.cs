using System.Reflection;
using DailyPapers.Data;
using NetArchTest.Rules;

namespace DailyPapers.Tests.Architecture;

/// <summary>
/// Feature folders build on Papers (the core) and on each other without cycles. A feature's code is its namespace
/// plus its compiled Razor views (classes named after their path, <c>Features_Papers_Details</c>). Pages show other
/// features' parts by view or component name (a string), which is how the paper page stays in Papers.
/// </summary>
public class FeatureDependencyTests
{
    private const string Root = "DailyPapers.Features";
    private static readonly Assembly App = typeof(AppDb).Assembly;

    private static readonly string[] Features = [.. App.GetTypes()
        .Select(t => t.Namespace ?? "")
        .Where(ns => ns.StartsWith(Root + ".", StringComparison.Ordinal))
        .Select(ns => ns[(Root.Length + 1)..].Split('.')[0])
        .Distinct().Order()];

    [Fact]
    public void Features_depend_on_each_other_without_cycles()
    {
        var edges = Edges();
        var cycles = StronglyConnected(Features, edges).Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, "Feature cycles:\n" + string.Join("\n", cycles.Select(cycle =>
            string.Join("; ", edges.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To))
                .Select(e => $"{e.Key.From} -> {e.Key.To} ({string.Join(", ", e.Value.Take(3))})")))));
    }

    [Fact]
    public void Papers_is_the_core_and_depends_on_accounts_only()
    {
        var outgoing = Edges().Where(e => e.Key.From == "Papers").Select(e => e.Key.To).ToList();
        Assert.Empty(outgoing.Except(["Accounts"]));
    }

    [Fact]
    public void Infrastructure_depends_on_no_feature()
    {
        foreach (var feature in Features)
        {
            var result = Types.InAssembly(App).That().ResideInNamespace("DailyPapers.Infrastructure")
                .ShouldNot().HaveDependencyOn($"{Root}.{feature}").GetResult();
            Assert.True(result.IsSuccessful,
                $"Infrastructure uses {feature}: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    [Fact]
    public void The_test_sees_every_feature_and_its_views()
    {
        Assert.Contains("Papers", Features);
        Assert.Contains("Community", Features);
        Assert.Contains(FeatureTypes("Papers").GetTypes(),
            t => t.Name.StartsWith("Features_Papers_", StringComparison.Ordinal));
    }

    /// <summary>Every (from, to) pair of features where code of one uses a type of the other, with examples.</summary>
    private static Dictionary<(string From, string To), IReadOnlyList<string>> Edges()
    {
        var edges = new Dictionary<(string, string), IReadOnlyList<string>>();
        foreach (var from in Features)
        {
            foreach (var to in Features.Where(f => f != from))
            {
                var result = FeatureTypes(from).ShouldNot().HaveDependencyOn($"{Root}.{to}").GetResult();
                if (!result.IsSuccessful) edges[(from, to)] = [.. result.FailingTypeNames ?? []];
            }
        }
        return edges;
    }

    private static PredicateList FeatureTypes(string feature) => Types.InAssembly(App).That()
        .ResideInNamespaceMatching($@"^{Root.Replace(".", @"\.", StringComparison.Ordinal)}\.{feature}(\..*)?$")
        .Or().HaveNameStartingWith($"Features_{feature}_");

    /// <summary>Tarjan's algorithm: the groups of features that reach each other.</summary>
    private static List<List<string>> StronglyConnected(IReadOnlyList<string> nodes,
        Dictionary<(string From, string To), IReadOnlyList<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var groups = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in edges.Keys.Where(e => e.From == node).Select(e => e.To))
            {
                if (!index.TryGetValue(next, out var seen)) { Visit(next); low[node] = Math.Min(low[node], low[next]); }
                else if (stack.Contains(next)) low[node] = Math.Min(low[node], seen);
            }
            if (low[node] != index[node]) return;
            var group = new List<string>();
            string member;
            do { member = stack.Pop(); group.Add(member); } while (member != node);
            groups.Add(group);
        }
        foreach (var node in nodes.Where(n => !index.ContainsKey(n))) Visit(node);
        return groups;
    }
}
