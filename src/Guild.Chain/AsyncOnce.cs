namespace Guild.Chain;

/// <summary>
/// Computes a value once, on first use, for concurrent callers; a failure is not remembered, so the next caller tries
/// again (a node that was down at start may be up now).
/// </summary>
internal sealed class AsyncOnce<T>(Func<CancellationToken, Task<T>> create) : IDisposable where T : class
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private T? value;

    public T? ValueOrNull => value;

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        if (value is { } ready)
        {
            return ready;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            return value ??= await create(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
