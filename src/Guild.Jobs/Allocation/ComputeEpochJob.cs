using Guild.Core.Allocation.Epochs;
using Hangfire;

namespace Guild.Jobs.Allocation;

/// <summary>Computes an epoch (see <see cref="ComputeEpochCommand"/>). Re-running it for unchanged inputs yields the same root.</summary>
public sealed class ComputeEpochJob(ComputeEpochCommand compute)
{
    // A refused computation (published, out of order, invalid inputs) fails the job with the reason; retrying won't help.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long epoch, CancellationToken cancellationToken)
    {
        var outcome = await compute.ExecuteAsync(epoch, cancellationToken);
        if (outcome.Error is { } error and not EpochPublishedError)
        {
            throw new InvalidOperationException(error.Message);
        }
    }
}
