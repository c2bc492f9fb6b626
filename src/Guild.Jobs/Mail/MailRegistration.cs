using Guild.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Jobs.Mail;

public static class MailRegistration
{
    /// <summary>SMTP settings (the password from the environment only), the outbox, the sending job and the accounts' mails.</summary>
    public static IHostApplicationBuilder AddGuildMail(this IHostApplicationBuilder builder)
    {
        builder.Configuration.RefuseSecretsInFiles("Email:Password");
        builder.AddValidatedOptions<EmailOptions>(EmailOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<MailOutbox>();
        builder.Services.AddScoped<AccountMail>();
        builder.Services.AddTransient<SendMailJob>();
        return builder;
    }
}
