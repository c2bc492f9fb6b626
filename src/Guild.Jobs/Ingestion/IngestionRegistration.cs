using Guild.Core.Configuration;
using Guild.Core.Contributions;
using Guild.Jobs.Ingestion.Git;
using Guild.Jobs.Ingestion.GitHub;
using Guild.Jobs.Ingestion.Papers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Jobs.Ingestion;

public static class IngestionRegistration
{
    private static readonly string[] SecretKeys = ["GitHub:Token", "GitHub:App:PrivateKey"];

    /// <summary>The contribution store, the GitHub and git clients and the ingestion jobs with their schedules.</summary>
    public static IHostApplicationBuilder AddGuildIngestion(this IHostApplicationBuilder builder)
    {
        RefuseSecretsInFiles(builder.Configuration);
        builder.AddGuildContributions();
        builder.AddValidatedOptions<GitHubOptions>(GitHubOptions.Section);
        builder.AddValidatedOptions<GitImportOptions>(GitImportOptions.Section);
        var services = builder.Services;
        services.AddSingleton<GitHubAppTokens>();
        services.AddSingleton<GitHubClientFactory>();
        services.AddTransient<GitHubSyncJob>();
        services.AddSingleton<GitRepositories>();
        services.AddScoped<GitHistoryImporter>();
        services.AddTransient<GitImportJob>();
        services.AddScoped<ImportPapersCommand>();
        services.AddSingleton<IngestionSchedules>();
        return builder;
    }

    /// <summary>A token or private key in appsettings*.json would end up in the repository or an image: refuse to start.</summary>
    private static void RefuseSecretsInFiles(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return;
        }
        var found = SecretKeys
            .Where(key => root.Providers.OfType<FileConfigurationProvider>().Any(p => p.TryGet(key, out var value) && !string.IsNullOrEmpty(value)))
            .Select(key => $"{key}: must not be in a configuration file; pass it through the environment or a secret store")
            .ToList();
        if (found.Count > 0)
        {
            throw new GuildConfigurationException(found);
        }
    }
}
