using Guild.Core.Configuration;
using Guild.Core.Organisations;
using Guild.Core.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Core.Accounts;

public static class AccountsCoreRegistration
{
    /// <summary>
    /// The accounts' actions that need no HTTP: roles with their audit trail, organisations, personal data, git emails
    /// confirmed by mail. The portal and the command line (<c>Guild.Jobs admin</c>) both call it, after Identity.
    /// </summary>
    public static AccountsOptions AddGuildAccountActions(this IHostApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<AccountsOptions>(AccountsOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ChangeRoleCommand>();
        builder.Services.AddScoped<PersonalDataExport>();
        builder.Services.AddScoped<DeleteAccountCommand>();
        builder.Services.AddScoped<OrganisationAccess>();
        builder.Services.AddScoped<CreateOrganisationCommand>();
        builder.Services.AddScoped<InviteColleagueCommand>();
        builder.Services.AddScoped<AcceptInvitationCommand>();
        builder.Services.AddScoped<ConfirmGitEmailCommand>();
        return options;
    }
}
