using Guild.Chain;
using Guild.Chain.Deployment;
using Guild.Core.Data;
using Guild.Core.Hosting;
using Guild.Jobs.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Jobs;

/// <summary>
/// The dedicated worker: the same jobs as the portal's in-process server, against the same database. Run several
/// of these against PostgreSQL and set Jobs:ServerEnabled=false on the portal to scale out.
/// <c>Guild.Jobs deploy</c> instead migrates the database, deploys the contract suite if no matching deployment is
/// recorded, prints the addresses and exits (the compose file's one-shot deployer). <c>Guild.Jobs admin …</c> runs an
/// operator command (<see cref="AdminCommands"/>).
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => args is ["admin", .. var admin] ? AdminCommands.RunAsync(admin) : GuildProcess.RunAsync(async () =>
    {
        var deploy = args.Length > 0 && args[0] == "deploy";
        var builder = Host.CreateApplicationBuilder(deploy ? args[1..] : args);
        var database = builder.AddGuildData();
        builder.AddGuildChain();
        if (deploy)
        {
            await DeployAsync(builder);
            return;
        }
        builder.AddGuildJobs(database);

        using var host = builder.Build();
        await host.RunAsync();
    });

    private static async Task DeployAsync(HostApplicationBuilder builder)
    {
        using var host = builder.Build();
        await host.StartAsync();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var deployer = scope.ServiceProvider.GetService<SuiteDeployer>()
                ?? throw new ChainUnavailableException("No contract artifacts found: set Chain:Deployment:ArtifactsPath.");
            var addresses = await deployer.EnsureDeployedAsync();
            foreach (var (name, address) in addresses.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"{name,-20} {address}");
            }
        }
        await host.StopAsync();
    }
}
