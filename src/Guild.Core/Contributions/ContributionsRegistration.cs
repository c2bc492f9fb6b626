using Guild.Core.Configuration;
using Guild.Core.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Core.Contributions;

public static class ContributionsRegistration
{
    /// <summary>The contribution store's rules (bots, flagged paths) and its actions.</summary>
    public static IHostApplicationBuilder AddGuildContributions(this IHostApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<ContributionsOptions>(ContributionsOptions.Section);
        builder.Services.AddSingleton(new ContributionRules(options));
        builder.AddValidatedOptions<GitSourceOptions>(GitSourceOptions.Section);
        builder.Services.AddSingleton<GitSources>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<RecordContributionsCommand>();
        builder.Services.AddScoped<AddTrackedRepositoryCommand>();
        builder.Services.AddScoped<UpdateTrackedRepositoryCommand>();
        builder.Services.AddScoped<SetTrackedRepositoryActiveCommand>();
        builder.Services.AddScoped<ConfirmIdentityMappingCommand>();
        builder.Services.AddScoped<ReviewContributionFlagCommand>();
        builder.Services.AddScoped<ContributionFlagQueue>();
        builder.Services.AddScoped<PersonLinks>();
        builder.Services.AddScoped<LinkGitHubAccountCommand>();
        builder.Services.AddScoped<EnsureAccountPersonCommand>();
        builder.Services.AddScoped<MergePeopleCommand>();
        return builder;
    }
}
