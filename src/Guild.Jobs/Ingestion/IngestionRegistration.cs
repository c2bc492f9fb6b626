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
        builder.Configuration.RefuseSecretsInFiles(SecretKeys);
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

}
