using System.Text.Json;
using System.Text.RegularExpressions;
using Bidding.Silo.Tests.Fixtures;

namespace Bidding.Silo.Tests.Metrics;

/// <summary>
/// The alert rules and the dashboard in <c>deploy/</c>: valid for Prometheus' own tools, firing as their unit tests say,
/// naming only metrics a silo exports, and each alert with its runbook entry in <c>docs/operations.md</c>.
/// </summary>
public sealed partial class OperationsFilesTests : IClassFixture<OperationsFilesTests.DemoSilo>
{
    private readonly DemoSilo _silo;

    public OperationsFilesTests(DemoSilo silo) => _silo = silo;

    public sealed class DemoSilo() : SiloFactory(true, null);

    private static string Root => Repository.Root;

    private static string Rules => Path.Combine(Root, "deploy", "prometheus", "bidding-alerts.yml");

    private static string Dashboard => Path.Combine(Root, "deploy", "grafana", "bidding-dashboard.json");

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var (exit, output) = await Promtool.RunAsync(null, "check", "rules", Rules);
        Assert.True(exit == 0, $"promtool check rules failed ({exit}):\n{output}");
    }

    [Fact]
    public async Task The_alert_rules_pass_their_promtool_unit_tests()
    {
        var (exit, output) = await Promtool.RunAsync(null, "test", "rules", Path.Combine(Root, "deploy", "prometheus", "bidding-alerts.test.yml"));
        Assert.True(exit == 0, $"promtool test rules failed ({exit}):\n{output}");
    }

    [Fact]
    public async Task Every_alert_has_a_runbook_entry()
    {
        var runbook = await File.ReadAllTextAsync(Path.Combine(Root, "docs", "operations.md"));
        var headings = runbook.Split('\n').Where(l => l.StartsWith("### ", StringComparison.Ordinal)).Select(l => l[4..].Trim().ToLowerInvariant()).ToHashSet();
        var alerts = AlertName().Matches(await File.ReadAllTextAsync(Rules)).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(alerts);
        Assert.All(alerts, alert => Assert.Contains(alert.ToLowerInvariant(), headings));
        Assert.All(RunbookAnchor().Matches(await File.ReadAllTextAsync(Rules)).Select(m => m.Groups[1].Value), anchor => Assert.Contains(anchor, headings));
    }

    [Fact]
    public async Task Rules_and_dashboard_name_only_metrics_a_silo_exports()
    {
        using var client = _silo.CreateClient();
        var exposition = await MetricsEndpointTests.Scrape(client);
        var exported = exposition.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet();
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Dashboard));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .Append(await File.ReadAllTextAsync(Rules));

        var named = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).Distinct().ToList();

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.True(exported.Contains(name) || exported.Contains(Family(name)), $"{name} is not exported by a silo"));
    }

    [Fact]
    public async Task The_dashboard_panels_have_unique_ids_and_queries()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Dashboard));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels, p => Assert.NotEmpty(p.GetProperty("targets").EnumerateArray()));
    }

    /// <summary>A histogram series' family: its name without <c>_bucket</c>, <c>_sum</c> or <c>_count</c>.</summary>
    private static string Family(string name)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
                return name[..^suffix.Length];
        }
        return name;
    }

    [GeneratedRegex(@"alert:\s*(\w+)")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"operations\.md#([a-z0-9-]+)")]
    private static partial Regex RunbookAnchor();

    [GeneratedRegex(@"\b(?:bidding|dotnet|orleans)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
