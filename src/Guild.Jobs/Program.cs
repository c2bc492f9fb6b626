using Guild.Chain;
using Guild.Core.Data;
using Guild.Core.Hosting;
using Microsoft.Extensions.Hosting;

namespace Guild.Jobs;

/// <summary>
/// The dedicated worker: the same jobs as the portal's in-process server, against the same database. Run several
/// of these against PostgreSQL and set Jobs:ServerEnabled=false on the portal to scale out.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => GuildProcess.RunAsync(async () =>
    {
        var builder = Host.CreateApplicationBuilder(args);
        var database = builder.AddGuildData();
        builder.AddGuildChain();
        builder.AddGuildJobs(database);

        using var host = builder.Build();
        await host.RunAsync();
    });
}
