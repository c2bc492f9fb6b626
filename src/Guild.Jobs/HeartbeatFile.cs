using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Jobs;

/// <summary>
/// Touches <see cref="JobsOptions.HeartbeatFile"/> while the worker runs. A worker has no HTTP endpoint, so a container
/// health check tests the file's age instead.
/// </summary>
internal sealed class HeartbeatFile(IOptions<JobsOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.Value.HeartbeatFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
        do
        {
            await File.WriteAllTextAsync(path, time.GetUtcNow().ToString("O"), stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
