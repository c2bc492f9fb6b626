using Guild.Jobs;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Guild.Web.Health;

/// <summary>
/// Ready when Hangfire's storage answers and at least one server has sent a heartbeat recently — this process's own
/// when it runs one, otherwise a dedicated worker's. Jobs that nobody processes are not a working portal.
/// </summary>
internal sealed class JobsHealthCheck(JobStorage storage, IOptions<JobsOptions> options, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan HeartbeatWindow = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var now = time.GetUtcNow().UtcDateTime;
            var live = monitoring.Servers().Count(s => s.Heartbeat is { } beat && now - beat < HeartbeatWindow);
            var stats = monitoring.GetStatistics();
            var data = new Dictionary<string, object>
            {
                ["servers"] = live,
                ["enqueued"] = stats.Enqueued,
                ["processing"] = stats.Processing,
                ["failed"] = stats.Failed,
                ["serverInProcess"] = options.Value.ServerEnabled,
            };
            return Task.FromResult(live > 0
                ? HealthCheckResult.Healthy($"{live} server(s) processing jobs", data)
                : HealthCheckResult.Unhealthy("no Hangfire server has sent a heartbeat in the last minute", data: data));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"job storage does not answer: {ex.GetBaseException().Message}"));
        }
    }
}
