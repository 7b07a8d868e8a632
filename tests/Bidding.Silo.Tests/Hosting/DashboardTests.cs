using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;

namespace Bidding.Silo.Tests.Hosting;

public sealed class DashboardTests
{
    [Fact]
    public async Task The_dashboard_is_off_unless_asked_for()
    {
        await using var silo = new SiloFactory();
        var response = await silo.Admin().GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task When_on_the_dashboard_opens_only_with_the_admin_key()
    {
        await using var silo = new DashboardSilo();
        var anonymous = await silo.CreateClient().GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        var wrong = silo.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = Basic("sre", "not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/dashboard/")).StatusCode);

        var browser = silo.CreateClient();
        browser.DefaultRequestHeaders.Authorization = Basic("sre", SiloFactory.AdminKey);
        var page = await browser.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", page.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private sealed class DashboardSilo : SiloFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Silo:Dashboard", "true");
        }
    }
}
