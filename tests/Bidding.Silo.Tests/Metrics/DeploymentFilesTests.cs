using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Bidding.Engine.Auction;
using Bidding.Engine.Budget;
using Bidding.Engine.Events;
using Bidding.Engine.Hosting;
using Bidding.Engine.Learning;
using Bidding.Engine.Tracking;
using Bidding.Orleans.Streams;
using Bidding.Silo.Hosting;
using Bidding.Silo.Metrics;
using Bidding.Silo.Tests.Fixtures;
using ClusterMembershipOptions = Orleans.Configuration.ClusterMembershipOptions;
using SiloMessagingOptions = Orleans.Configuration.SiloMessagingOptions;

namespace Bidding.Silo.Tests.Metrics;

/// <summary>
/// The Kubernetes manifests (kustomize) render and hold what a cluster of silos needs; the Helm chart's templates use only
/// values it declares; every setting the manifests, the chart and the operations guide name is a real setting.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static string Root => Repository.Root;

    private static readonly Dictionary<string, Type> Sections = new(StringComparer.Ordinal)
    {
        ["Silo"] = typeof(SiloOptions), ["Cluster"] = typeof(ClusterSettings), ["Metrics"] = typeof(MetricsOptions),
        ["Engine"] = typeof(EngineOptions), ["Tracking"] = typeof(TrackingOptions), ["Budget"] = typeof(BudgetOptions),
        ["Learning"] = typeof(LearningOptions), ["Auction"] = typeof(AuctionOptions), ["Events"] = typeof(EventLogStreamOptions),
    };

    /// <summary>A second options type bound to the same section.</summary>
    private static readonly Dictionary<string, Type> AlsoBound = new(StringComparer.Ordinal) { ["Events"] = typeof(BidReportOptions) };

    /// <summary>Orleans' own options the silo binds under <c>Orleans:&lt;Section&gt;</c> (see OrleansSilo).</summary>
    private static readonly Dictionary<string, Type> OrleansSections = new(StringComparer.Ordinal)
    {
        ["Membership"] = typeof(ClusterMembershipOptions), ["Messaging"] = typeof(SiloMessagingOptions),
    };

    public static TheoryData<string> Overlays() => [.. Directory.GetDirectories(Path.Combine(Repository.Root, "deploy", "kubernetes", "overlays")).Select(d => Path.GetFileName(d))];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_renders_a_silo_deployment_with_probes_drain_and_pod_ip(string overlay)
    {
        var rendered = await KustomizeAsync(overlay);
        var documents = rendered.Split("\n---\n");

        string[] kinds = ["ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler"];
        Assert.All(kinds, kind => Assert.Contains(documents, d => Kind(d) == kind));
        var deployment = documents.Single(d => Kind(d) == "Deployment");
        Assert.Contains("path: /readyz", deployment, StringComparison.Ordinal);
        Assert.Contains("path: /healthz", deployment, StringComparison.Ordinal);
        Assert.Contains("preStop:", deployment, StringComparison.Ordinal);
        Assert.Contains("fieldPath: status.podIP", deployment, StringComparison.Ordinal);
        Assert.Contains("prometheus.io/scrape: \"true\"", deployment, StringComparison.Ordinal);
        Assert.Contains(documents, d => d.Contains("clusterIP: None", StringComparison.Ordinal)); // the silo-to-silo Service
    }

    [Fact]
    public async Task The_dev_overlay_brings_its_own_postgres_and_secrets_and_production_a_service_monitor()
    {
        var dev = await KustomizeAsync("dev");
        var production = await KustomizeAsync("production");

        var devKinds = dev.Split("\n---\n").Select(Kind).ToList();
        var productionKinds = production.Split("\n---\n").Select(Kind).ToList();
        Assert.Contains("StatefulSet", devKinds);
        Assert.Contains("image: postgres:", dev, StringComparison.Ordinal);
        Assert.Contains("Secret", devKinds);
        Assert.Contains("ServiceMonitor", productionKinds);
        Assert.DoesNotContain("Secret", productionKinds); // created out of band
    }

    [Fact]
    public void Every_setting_the_manifests_and_the_chart_pass_names_a_real_setting()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "deploy", "kubernetes"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Root, "helm", "bidding"), "*.yaml", SearchOption.AllDirectories));
        var text = string.Join("\n", files.Select(File.ReadAllText));
        var settings = BiddingSetting().Matches(text).Select(m => m.Groups[1].Value)
            .Concat(HelmSetting().Matches(File.ReadAllText(Path.Combine(Root, "helm", "bidding", "values.yaml"))).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, setting => Assert.True(Exists(setting), $"{setting} is not a setting of the silo"));
    }

    [Fact]
    public void Every_setting_the_operations_guide_and_the_chart_readme_name_is_a_real_setting()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "operations.md")) + File.ReadAllText(Path.Combine(Root, "helm", "bidding", "README.md"));
        var settings = DocumentedSetting().Matches(text).Select(m => m.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal))
            .Where(s => s.Split("__")[0] is var section && (Sections.ContainsKey(section) || section == "Orleans")).Distinct().ToList();

        Assert.Contains("Orleans__Membership__ProbeTimeout", settings);
        Assert.All(settings, setting => Assert.True(Exists(setting), $"{setting.Replace("__", ":", StringComparison.Ordinal)} is named in the docs but is not a setting of the silo"));
        Assert.False(Exists("Orleans__Membership__HeartbeatInterval"));
        Assert.False(Exists("Cluster__SharedSecret"));
    }

    [Fact]
    public void The_chart_templates_use_only_values_the_chart_declares()
    {
        var declared = DeclaredValues(File.ReadAllLines(Path.Combine(Root, "helm", "bidding", "values.yaml")));
        var templates = Directory.GetFiles(Path.Combine(Root, "helm", "bidding", "templates"));
        var used = templates.SelectMany(t => ValuesReference().Matches(File.ReadAllText(t)).Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, path => Assert.True(declared.Contains(path), $".Values.{path} is used by a template but not declared in values.yaml"));
        foreach (var file in new[] { "Chart.yaml", "values.yaml", "README.md", Path.Combine("templates", "_helpers.tpl"), Path.Combine("templates", "NOTES.txt") })
            Assert.True(File.Exists(Path.Combine(Root, "helm", "bidding", file)), $"helm/bidding/{file} is missing");
    }

    /// <summary>The kind of a rendered document (its top-level <c>kind:</c> line).</summary>
    private static string? Kind(string document) => TopLevelKind().Match(document) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// <c>Section__Key</c> or <c>Section__Key__0__Field</c>: an options type bound to the section has the property (lists by
    /// their element type); <c>Orleans__Membership__Key</c> and the like: Orleans' options type has it.
    /// </summary>
    private static bool Exists(string setting)
    {
        var parts = setting.Split("__");
        if (parts[0] == "Logging")
            return true; // ASP.NET Core's own
        if (parts[0] == "Orleans")
            return parts.Length > 2 && OrleansSections.TryGetValue(parts[1], out var orleans) && Resolves(orleans, parts[2..]);
        return Sections.TryGetValue(parts[0], out var type) && Resolves(type, parts[1..])
            || AlsoBound.TryGetValue(parts[0], out var also) && Resolves(also, parts[1..]);
    }

    private static bool Resolves(Type type, string[] path)
    {
        foreach (var part in path)
        {
            if (int.TryParse(part, out _))
            {
                type = type.IsGenericType ? type.GetGenericArguments()[0] : type;
                continue;
            }
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance);
            if (property is null)
                return false;
            type = property.PropertyType;
        }
        return true;
    }

    /// <summary>Dotted paths of every key in a YAML mapping (two-space indentation, as values.yaml is written).</summary>
    private static HashSet<string> DeclaredValues(string[] lines)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<(int Indent, string Key)>();
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('-'))
                continue;
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            var indent = line.Length - trimmed.Length;
            stack.RemoveAll(s => s.Indent >= indent);
            stack.Add((indent, trimmed[..colon]));
            declared.Add(string.Join(".", stack.Select(s => s.Key)));
        }
        return declared;
    }

    private static async Task<string> KustomizeAsync(string overlay)
    {
        var start = new ProcessStartInfo(Promtool.Locate("kubectl")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(Path.Combine(Root, "deploy", "kubernetes", "overlays", overlay));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed ({process.ExitCode}):\n{await stderr}");
        return (await stdout).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\bBidding__([A-Za-z0-9_]+?)(?=[:\s""]|$)", RegexOptions.Multiline)]
    private static partial Regex BiddingSetting();

    /// <summary>Keys under <c>settings:</c> in values.yaml, written <c>Section__Key: "value"</c>.</summary>
    [GeneratedRegex(@"^  ([A-Z][A-Za-z]+__[A-Za-z0-9_]+):", RegexOptions.Multiline)]
    private static partial Regex HelmSetting();

    /// <summary>A setting as the docs write it: <c>`Section:Key`</c> (or deeper), in backquotes.</summary>
    [GeneratedRegex(@"`([A-Z][A-Za-z]+(?::[A-Z][A-Za-z0-9]*)+)`")]
    private static partial Regex DocumentedSetting();

    [GeneratedRegex(@"^kind: (\w+)$", RegexOptions.Multiline)]
    private static partial Regex TopLevelKind();

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_.]+)")]
    private static partial Regex ValuesReference();
}
