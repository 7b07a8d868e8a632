using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Bidding.Silo.Tests.Metrics;

/// <summary>
/// What an Orleans cluster needs from Kubernetes, read from the rendered overlays as Kubernetes objects (strictly: an
/// unknown field fails): the downward API variables and pod labels Orleans' Kubernetes hosting reads, the Role it
/// needs, a NetworkPolicy that keeps the silo and gateway ports to the silos, and a drain that fits the grace period.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    /// <summary>What Orleans' Kubernetes hosting does with the API: read and label its pod, list and watch the others.</summary>
    private static readonly string[] HostingVerbs = ["get", "list", "watch", "patch"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_gives_the_silos_what_Orleans_kubernetes_hosting_reads_and_may_do(string overlay)
    {
        var objects = await KubernetesObjectsAsync(overlay);
        var deployment = objects.OfType<V1Deployment>().Single();
        var pod = deployment.Spec.Template;
        var silo = pod.Spec.Containers.Single();
        var config = Config(objects, silo);

        Assert.Equal("true", config["Bidding__Cluster__Kubernetes"]);
        Assert.Equal("metadata.name", FieldRef(silo, "POD_NAME"));
        Assert.Equal("metadata.namespace", FieldRef(silo, "POD_NAMESPACE"));
        Assert.Equal("status.podIP", FieldRef(silo, "POD_IP"));
        Assert.Equal("status.podIP", FieldRef(silo, "Bidding__Cluster__AdvertisedHost"));
        Assert.Equal(config["Bidding__Cluster__ServiceId"], pod.Metadata.Labels["orleans/serviceId"]);
        Assert.Equal(config["Bidding__Cluster__ClusterId"], pod.Metadata.Labels["orleans/clusterId"]);
        Assert.DoesNotContain(silo.Env, e => e.Name.StartsWith("ORLEANS_", StringComparison.Ordinal)); // they would override Cluster:*

        var account = objects.OfType<V1ServiceAccount>().Single(a => a.Metadata.Name == pod.Spec.ServiceAccountName);
        Assert.NotEqual(false, pod.Spec.AutomountServiceAccountToken);
        var binding = objects.OfType<V1RoleBinding>().Single(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account.Metadata.Name));
        Assert.Equal(account.Metadata.NamespaceProperty, binding.Subjects.Single().NamespaceProperty);
        var role = objects.OfType<V1Role>().Single(r => r.Metadata.Name == binding.RoleRef.Name);
        var rule = Assert.Single(role.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(HostingVerbs, rule.Verbs);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_opens_the_orleans_ports_to_the_silos_only_and_http_to_all(string overlay)
    {
        var objects = await KubernetesObjectsAsync(overlay);
        var pod = objects.OfType<V1Deployment>().Single().Spec.Template;
        var silo = pod.Spec.Containers.Single();
        var config = Config(objects, silo);
        var ports = silo.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);

        Assert.Equal(int.Parse(config["Bidding__Cluster__SiloPort"], CultureInfo.InvariantCulture), ports["silo"]);
        Assert.Equal(int.Parse(config["Bidding__Cluster__GatewayPort"], CultureInfo.InvariantCulture), ports["gateway"]);
        var headless = objects.OfType<V1Service>().Single(s => s.Spec.ClusterIP == "None");
        Assert.Contains(headless.Spec.Ports, p => p.Name == "silo" && p.Port == ports["silo"]);
        Assert.Contains(headless.Spec.Ports, p => p.Name == "gateway" && p.Port == ports["gateway"]);

        var policy = objects.OfType<V1NetworkPolicy>().Single(p => Selects(p.Spec.PodSelector, pod.Metadata.Labels));
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        foreach (var rule in policy.Spec.Ingress)
        {
            var named = rule.Ports.Select(p => p.Port.Value).ToList();
            if (named.Contains("silo") || named.Contains("gateway"))
            {
                var peer = Assert.Single(rule.FromProperty);
                Assert.Null(peer.NamespaceSelector);
                Assert.Null(peer.IpBlock);
                Assert.True(Selects(peer.PodSelector, pod.Metadata.Labels), "the silo and gateway ports must be admitted from the silos only");
            }
        }
        Assert.Contains(policy.Spec.Ingress, r => r.FromProperty is null && r.Ports.Any(p => p.Port.Value == "http"));
        Assert.Contains(policy.Spec.Ingress, r => r.FromProperty is not null && r.Ports.Any(p => p.Port.Value == "silo"));
        Assert.Contains(policy.Spec.Ingress, r => r.FromProperty is not null && r.Ports.Any(p => p.Port.Value == "gateway"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_gives_a_draining_silo_time_to_leave_the_cluster_and_has_no_shared_secret(string overlay)
    {
        var rendered = await KustomizeAsync(overlay);
        var objects = Load(rendered);
        var pod = objects.OfType<V1Deployment>().Single().Spec.Template.Spec;
        var silo = pod.Containers.Single();
        var config = Config(objects, silo);

        var preStop = silo.Lifecycle.PreStop.Exec.Command;
        Assert.Equal("sleep", preStop[0]);
        var drain = int.Parse(preStop[1], CultureInfo.InvariantCulture)
            + int.Parse(config["DOTNET_SHUTDOWNTIMEOUTSECONDS"], CultureInfo.InvariantCulture);
        Assert.True(pod.TerminationGracePeriodSeconds >= drain + 5, $"terminationGracePeriodSeconds {pod.TerminationGracePeriodSeconds} leaves Orleans no margin over {drain} s");
        Assert.DoesNotContain("SharedSecret", rendered, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("shared-secret", rendered, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("false", config["Bidding__Silo__Dashboard"]);
    }

    [Fact]
    public void The_chart_passes_and_grants_what_the_manifests_do()
    {
        var chart = Path.Combine(Root, "helm", "bidding");
        var templates = Path.Combine(chart, "templates");
        var deployment = File.ReadAllText(Path.Combine(templates, "deployment.yaml"));
        var everything = string.Join("\n", Directory.GetFiles(chart, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

        foreach (var (name, field) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("POD_IP", "status.podIP") })
            Assert.Matches($@"- name: {name}\s+valueFrom:\s+fieldRef:\s+fieldPath: {Regex.Escape(field)}", deployment);
        Assert.Contains("orleans/serviceId: {{ .Values.cluster.serviceId | quote }}", deployment, StringComparison.Ordinal);
        Assert.Contains("orleans/clusterId: {{ include \"bidding.clusterId\" . | quote }}", deployment, StringComparison.Ordinal);
        Assert.Contains("containerPort: {{ .Values.ports.gateway }}", deployment, StringComparison.Ordinal);
        Assert.Contains("serviceAccountName: {{ include \"bidding.serviceAccountName\" . }}", deployment, StringComparison.Ordinal);
        Assert.Contains("verbs: [\"get\", \"list\", \"watch\", \"patch\"]", File.ReadAllText(Path.Combine(templates, "rbac.yaml")), StringComparison.Ordinal);
        Assert.Contains("verbs: [\"get\", \"list\", \"watch\", \"patch\"]", File.ReadAllText(Path.Combine(Root, "deploy", "kubernetes", "base", "rbac.yaml")), StringComparison.Ordinal);
        var policy = File.ReadAllText(Path.Combine(templates, "networkpolicy.yaml"));
        Assert.Matches(@"- from:\s+- podSelector:\s+matchLabels:\s+\{\{- include ""bidding.selector"" \. \| nindent 14 \}\}\s+ports:\s+- protocol: TCP\s+port: silo\s+- protocol: TCP\s+port: gateway", policy);
        Assert.DoesNotContain("SharedSecret", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("shared-secret", everything, StringComparison.OrdinalIgnoreCase);

        var values = File.ReadAllText(Path.Combine(chart, "values.yaml"));
        int Value(string key) => int.Parse(Regex.Match(values, $@"^{key}: (\d+)", RegexOptions.Multiline).Groups[1].Value,
            CultureInfo.InvariantCulture);
        Assert.True(Value("terminationGracePeriodSeconds") >= Value("preStopSleepSeconds") + Value("shutdownTimeoutSeconds") + 5, "the chart's defaults must pass its own drain check");
    }

    /// <summary>The rendered overlay as Kubernetes objects (the Prometheus Operator's ServiceMonitor, not a built-in kind, left out).</summary>
    private static async Task<List<object>> KubernetesObjectsAsync(string overlay) => Load(await KustomizeAsync(overlay));

    private static List<object> Load(string rendered) =>
        KubernetesYaml.LoadAllFromString(string.Join("\n---\n", rendered.Split("\n---\n").Where(d => Kind(d) != "ServiceMonitor")), strict: true);

    /// <summary>The ConfigMap the container takes its environment from.</summary>
    private static IDictionary<string, string> Config(List<object> objects, V1Container container)
    {
        var name = container.EnvFrom.Single(e => e.ConfigMapRef is not null).ConfigMapRef.Name;
        return objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == name).Data;
    }

    private static string? FieldRef(V1Container container, string variable) => container.Env.Single(e => e.Name == variable).ValueFrom?.FieldRef?.FieldPath;

    private static bool Selects(V1LabelSelector? selector, IDictionary<string, string> labels) =>
        selector?.MatchLabels is { Count: > 0 } match && selector.MatchExpressions is null && match.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);
}
