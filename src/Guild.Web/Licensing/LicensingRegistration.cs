namespace Guild.Web.Licensing;

public static class LicensingRegistration
{
    /// <summary>The company licence journey (declare, buy, top up, renew) and the public register it is checked against.</summary>
    public static IHostApplicationBuilder AddGuildLicensing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LicenseRegister>();
        builder.Services.AddScoped<CompanyLicenseAccess>();
        builder.Services.AddScoped<DeclareRevenue>();
        builder.Services.AddScoped<LicenseTransactions>();
        // After the demo accounts (AddGuildAccounts): it adds its line to the same logins file.
        builder.Services.AddHostedService<DemoCompanySeeder>();
        return builder;
    }
}
