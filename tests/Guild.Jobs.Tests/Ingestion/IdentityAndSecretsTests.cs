using Guild.Core;
using Guild.Core.Configuration;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Jobs.Tests.Ingestion;

public class IdentityAndSecretsTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    [Fact]
    public async Task ConfirmMapping_AfterJobsInferredALogin_ConfirmedLoginWinsOverLaterGuesses()
    {
        await using var services = fixture.CreateServices();
        var email = $"dev{Guid.NewGuid():N}@example.org";
        var source = new ContributionSource("github.com", $"guild-test/identity-{Guid.NewGuid():N}"[..40], null);
        await RecordAsync(services, source, email, "guessed");

        await using (var scope = services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ConfirmIdentityMappingCommand>()
                .ExecuteAsync(IdentityKind.GitEmail, email.ToUpperInvariant(), "real-dev", "steward@guild.test", CancellationToken.None);
            Assert.Null(outcome.Error);
        }
        await RecordAsync(services, source, email, "guessed-again");

        await using var check = services.CreateAsyncScope();
        var identity = await check.ServiceProvider.GetRequiredService<GuildDbContext>().ContributorIdentities.AsNoTracking()
            .SingleAsync(i => i.Kind == IdentityKind.GitEmail && i.Value == email);
        Assert.Equal("real-dev", identity.Login);
        Assert.Equal(LoginSource.Confirmed, identity.LoginSource);
    }

    [Theory]
    [InlineData(IdentityKind.GitEmail, "not-an-email", "dev", "value")]
    [InlineData(IdentityKind.Orcid, "0000-0002-1825-009", "dev", "value")]
    [InlineData(IdentityKind.GitEmail, "dev@example.org", "-bad-", "login")]
    [InlineData(IdentityKind.GitHubLogin, "dev", "dev", "kind")]
    public async Task ConfirmMapping_BadInput_NamesTheFieldAndStoresNothing(IdentityKind kind, string value, string login, string field)
    {
        await using var services = fixture.CreateServices();
        await using var scope = services.CreateAsyncScope();

        var outcome = await scope.ServiceProvider.GetRequiredService<ConfirmIdentityMappingCommand>()
            .ExecuteAsync(kind, value, login, "steward", CancellationToken.None);

        Assert.Contains(field, Assert.IsType<InvalidInputError>(outcome.Error).Errors.Keys);
    }

    [Theory]
    [InlineData("GitHub:Token")]
    [InlineData("GitHub:App:PrivateKey")]
    public void AddGuildIngestion_SecretInSettingsFile_RefusesToStart(string key)
    {
        var folder = TestEnvironment.NewTempDirectory("secrets");
        try
        {
            var parts = key.Split(':');
            var json = parts.Length == 2
                ? $"{{\"{parts[0]}\":{{\"{parts[1]}\":\"ghp_secret\"}}}}"
                : $"{{\"{parts[0]}\":{{\"{parts[1]}\":{{\"{parts[2]}\":\"-----BEGIN-----\"}}}}}}";
            File.WriteAllText(Path.Combine(folder, "appsettings.json"), json);
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = folder });
            builder.Configuration.AddJsonFile(Path.Combine(folder, "appsettings.json"));

            var error = Assert.Throws<GuildConfigurationException>(() => builder.AddGuildIngestion());

            Assert.Contains($"{key}: must not be in a configuration file", error.Message);
            Assert.DoesNotContain("ghp_secret", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RecordAsync(ServiceProvider services, ContributionSource source, string email, string login)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecordContributionsCommand>().ExecuteAsync(source,
        [
            new ContributionRecord(ContributionKind.Commit, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow)
            {
                Author = new IdentityRef(IdentityKind.GitEmail, email, "Dev", login, LoginSource.CommitApi),
            },
        ], CancellationToken.None);
    }
}
