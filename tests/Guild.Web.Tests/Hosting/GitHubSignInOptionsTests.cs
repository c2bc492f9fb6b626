using Guild.Core.Configuration;
using Guild.Testing;
using Guild.Web.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Web.Tests.Hosting;

/// <summary>The GitHub OAuth app's settings: the secret never from a file, and a half-configured app stops start-up naming the key.</summary>
public class GitHubSignInOptionsTests : IDisposable
{
    private readonly string folder = TestEnvironment.NewTempDirectory("oauth-options");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ClientSecret_InASettingsFile_RefusesToStartWithoutEchoingIt()
    {
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), """{"GitHub":{"OAuth":{"ClientId":"Iv1.abc","ClientSecret":"oauth-secret-value"}}}""");
        var builder = Builder();
        builder.Configuration.AddJsonFile(Path.Combine(folder, "appsettings.json"));

        var error = Assert.Throws<GuildConfigurationException>(() => builder.AddGitHubSignIn(builder.Services.AddAuthentication()));

        Assert.Contains("GitHub:OAuth:ClientSecret: must not be in a configuration file", error.Message);
        Assert.DoesNotContain("oauth-secret-value", error.Message);
    }

    [Fact]
    public void ClientId_WithoutSecret_NamesTheMissingKey()
    {
        var builder = Builder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GitHub:OAuth:ClientId"] = "Iv1.abc" });

        var error = Assert.Throws<GuildConfigurationException>(() => builder.AddGitHubSignIn(builder.Services.AddAuthentication()));

        Assert.Contains("GitHub:OAuth:ClientSecret: is required with GitHub:OAuth:ClientId", error.Message);
    }

    [Fact]
    public void EnterpriseHost_DerivesItsApiRoot_AndGitHubComUsesApiGitHubCom()
    {
        Assert.Equal("https://ghe.example.org/api/v3", new GitHubSignInOptions { ClientId = "x", Host = "https://ghe.example.org/" }.Api);
        Assert.Equal("https://api.github.com", new GitHubSignInOptions { ClientId = "x" }.Api);
    }

    private HostApplicationBuilder Builder() =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = folder });
}
