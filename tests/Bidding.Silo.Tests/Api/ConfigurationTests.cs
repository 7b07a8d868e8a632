using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Silo.Tests.Api;

public sealed class ConfigurationTests
{
    [Fact]
    public void Bidding_prefixed_environment_variables_configure_the_silo()
    {
        // A key no other test reads, so setting it process-wide disturbs nothing.
        Environment.SetEnvironmentVariable("Bidding__ConfigurationProbe__Value", "from-environment");
        try
        {
            using var silo = new SiloFactory();
            var configuration = silo.Services.GetRequiredService<IConfiguration>();
            Assert.Equal("from-environment", configuration["ConfigurationProbe:Value"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Bidding__ConfigurationProbe__Value", null);
        }
    }
}
