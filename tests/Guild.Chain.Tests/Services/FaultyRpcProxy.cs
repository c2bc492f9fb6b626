using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Guild.Chain.Tests.Services;

/// <summary>
/// A JSON-RPC proxy on loopback in front of anvil that answers 502 to the next <see cref="FailNext"/> calls of a given
/// method, to simulate a node or network dying halfway through a job.
/// </summary>
public sealed class FaultyRpcProxy : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly HttpClient upstream = new();
    private readonly string target;
    private readonly Task loop;
    private int failuresLeft;
    private string failingMethod = "";

    public FaultyRpcProxy(string target)
    {
        this.target = target;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }
    public int Failed { get; private set; }

    private int passesLeft;

    public void FailNext(string method, int times) => FailAfter(method, 0, times);

    /// <summary>Lets the next <paramref name="succeed"/> calls of <paramref name="method"/> through, then fails <paramref name="fail"/>.</summary>
    public void FailAfter(string method, int succeed, int fail)
    {
        failingMethod = method;
        Volatile.Write(ref passesLeft, succeed);
        Volatile.Write(ref failuresLeft, fail);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (body.Contains($"\"{failingMethod}\"", StringComparison.Ordinal) && Interlocked.Decrement(ref passesLeft) < 0
                && Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                Failed++;
                context.Response.StatusCode = 502;
                context.Response.Close();
                continue;
            }
            var response = await upstream.PostAsync(target, new StringContent(body, Encoding.UTF8, "application/json"));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
        upstream.Dispose();
    }
}
