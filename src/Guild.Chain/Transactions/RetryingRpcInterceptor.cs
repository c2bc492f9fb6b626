using System.Net.Http;
using Nethereum.JsonRpc.Client;

namespace Guild.Chain.Transactions;

/// <summary>
/// Retries JSON-RPC calls that failed in transport (connection refused or reset, time-out, 5xx) with exponential
/// backoff. Answers from the node — reverts, "nonce too low" — are not transport failures and pass straight through.
/// Re-sending is safe: reads are idempotent and a signed raw transaction has one hash.
/// </summary>
public sealed class RetryingRpcInterceptor(int attempts = 4, int firstDelayMs = 200) : RequestInterceptor
{
    public override Task<object> InterceptSendRequestAsync<T>(Func<RpcRequest, string, Task<T>> interceptedSendRequestAsync, RpcRequest request, string route = null!) =>
        RetryAsync(async () => (object)(await interceptedSendRequestAsync(request, route))!);

    public override Task InterceptSendRequestAsync(Func<RpcRequest, string, Task> interceptedSendRequestAsync, RpcRequest request, string route = null!) =>
        RetryAsync(async () =>
        {
            await interceptedSendRequestAsync(request, route);
            return null!;
        });

    public override Task<object> InterceptSendRequestAsync<T>(Func<string, string, object[], Task<T>> interceptedSendRequestAsync, string method, string route = null!, params object[] paramList) =>
        RetryAsync(async () => (object)(await interceptedSendRequestAsync(method, route, paramList))!);

    public override Task InterceptSendRequestAsync(Func<string, string, object[], Task> interceptedSendRequestAsync, string method, string route = null!, params object[] paramList) =>
        RetryAsync(async () =>
        {
            await interceptedSendRequestAsync(method, route, paramList);
            return null!;
        });

    private async Task<object> RetryAsync(Func<Task<object>> send)
    {
        var delay = firstDelayMs;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await send();
            }
            catch (Exception ex) when (attempt < attempts && IsTransient(ex))
            {
                await Task.Delay(delay);
                delay *= 2;
            }
        }
    }

    public static bool IsTransient(Exception ex) =>
        ex is RpcClientTimeoutException or HttpRequestException or TaskCanceledException or IOException
        || (ex is RpcClientUnknownException && ex.InnerException is HttpRequestException or IOException or TaskCanceledException);
}
