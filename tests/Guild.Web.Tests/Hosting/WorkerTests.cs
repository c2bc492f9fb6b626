using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Jobs.Chain;
using Guild.Testing;
using Guild.Web.Apis;
using Guild.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Web3;
using Npgsql;

namespace Guild.Web.Tests.Hosting;

/// <summary>The scaled-out shape: the portal without a Hangfire server, and the Guild.Jobs worker doing the jobs on the same PostgreSQL.</summary>
public class WorkerTests(WorkerTests.PortalWithoutServer portal) : IClassFixture<WorkerTests.PortalWithoutServer>
{
    public sealed class PortalWithoutServer : GuildWebFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() => [("Jobs:ServerEnabled", "false")];
    }

    [Fact]
    public async Task JobEnqueuedByPortal_IsProcessedByTheWorkerProcess()
    {
        var scratch = TestEnvironment.NewTempDirectory("worker");
        await using var worker = StartWorker(scratch, ("Jobs__HeartbeatFile", Path.Combine(scratch, "alive")));

        // The portal only enqueues: it runs no server of its own.
        var head = await RecordChainHeadAsync();
        Assert.Equal(31337, head.ChainId);

        // The portal is ready because the worker's server sends heartbeats, and the worker touches its heartbeat file.
        var ready = await (await portal.StewardClientAsync()).GetFromJsonAsync<JsonElement>("/health/ready"); // details are for stewards
        var jobs = ready.GetProperty("checks").GetProperty("jobs");
        Assert.Equal("Healthy", jobs.GetProperty("status").GetString());
        Assert.False(jobs.GetProperty("data").GetProperty("serverInProcess").GetBoolean());
        Assert.True(File.Exists(Path.Combine(scratch, "alive")), worker.Output);
    }

    [Fact]
    public async Task Worker_RestartedAfterBeingKilledHoldingALock_RunsJobsAndSchedulesOnceTheLockTimesOut()
    {
        // What a worker killed while it scheduled leaves behind: the schedule's lock, never released. It used to keep
        // every restarted worker from starting (the registration threw) for the storage's ten-minute lock timeout.
        await using (var connection = new NpgsqlConnection(portal.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                """INSERT INTO "hangfire"."lock" ("resource", "updatecount", "acquired") VALUES ('hangfire:lock:recurring-job:chain-head', 0, @acquired)""", connection);
            insert.Parameters.AddWithValue("acquired", DateTime.UtcNow);
            await insert.ExecuteNonQueryAsync();
        }

        await using var worker = StartWorker(TestEnvironment.NewTempDirectory("worker-lock"),
            // Longer than a registration waits for a lock (15 s), so the first one fails and the retries are seen.
            ("Jobs__DistributedLockTimeoutSeconds", "25"),
            ("Logging__LogLevel__Guild.Jobs", "Information"));

        // While the lock holds the schedules up, the worker runs jobs.
        await RecordChainHeadAsync();

        // Once the dead worker's lock times out, the retried registration goes through, and the worker is still running.
        await Eventually.ReturnsAsync(() => Task.FromResult(worker.Output.Contains("Recurring schedules registered after a retry", StringComparison.Ordinal) ? "registered" : null),
            TimeSpan.FromSeconds(90));
        Assert.Contains("Registering the recurring schedules failed", worker.Output, StringComparison.Ordinal);
        Assert.False(worker.HasExited, worker.Output);
    }

    /// <summary>A Guild.Jobs worker on the portal's database and the shared chain, with <paramref name="settings"/> on top.</summary>
    private GuildProcessRunner StartWorker(string scratch, params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["Database__ConnectionString"] = portal.DatabaseConnectionString,
            ["Chain__Rpc"] = TestEnvironment.SharedAnvilRpc,
            ["DataDirectory"] = scratch,
            ["Jobs__PollIntervalSeconds"] = "0.2",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        return GuildProcessRunner.Start("Guild.Jobs", scratch, environment);
    }

    /// <summary>Mines a block, enqueues the chain-head job from the portal and waits for the worker to record that block.</summary>
    private async Task<Apis.ChainApi.ChainHeadResponse> RecordChainHeadAsync()
    {
        var web3 = new Web3(TestEnvironment.SharedAnvilRpc);
        await AnvilFixture.MineAsync(web3, 1);
        var mined = await AnvilFixture.BlockNumberAsync(web3);
        portal.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<RecordChainHeadJob>(j => j.RunAsync(CancellationToken.None));
        return await portal.WaitForChainHeadAsync(mined, TimeSpan.FromSeconds(60));
    }
}
