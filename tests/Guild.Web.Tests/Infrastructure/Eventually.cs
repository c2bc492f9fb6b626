namespace Guild.Web.Tests.Infrastructure;

/// <summary>Polls for a condition that a background job or a live page reaches asynchronously.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not reached within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s.");
            }
            await Task.Delay(200);
        }
    }
}
