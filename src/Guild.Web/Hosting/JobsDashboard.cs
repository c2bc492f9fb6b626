using Guild.Jobs;
using Guild.Web.Accounts;
using Hangfire;
using Hangfire.Dashboard;

namespace Guild.Web.Hosting;

public static class JobsDashboard
{
    public const string Path = "/jobs";

    /// <summary>
    /// The Hangfire dashboard for stewards only. Hangfire's own filters are cleared: the endpoint's authorization
    /// policy does the check, so the portal's login and access-denied pages apply, and the dashboard's forms use
    /// ASP.NET Core antiforgery.
    /// </summary>
    private static int menuAdded;

    public static WebApplication MapJobsDashboard(this WebApplication app, JobsOptions jobs)
    {
        // Ingestion jobs report done / total per repository on the stewards' page; link it from the dashboard (once per process).
        if (Interlocked.Exchange(ref menuAdded, 1) == 0)
        {
            NavigationMenu.Items.Add(_ => new MenuItem("Ingestion progress", "/stewards/repositories"));
        }
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [],
            DashboardTitle = "Guild jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
            StatsPollingInterval = 5000,
        }).RequireAuthorization(GuildPolicies.Steward);
        return app;
    }
}
