using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Guild.Benchmarks;

/// <summary>Requests measured, those that failed, and the latency percentiles of one closed-loop run.</summary>
public sealed record LoadResult(long Requests, long Errors, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;

    public static string Header => "| path | requests | errors | req/s | p50 | p99 |\n|---|---|---|---|---|---|";

    public string Row(string path) => string.Create(CultureInfo.InvariantCulture,
        $"| {path} | {Requests:N0} | {Errors:N0} | {PerSecond:N0} | {P50Ms:0.00} ms | {P99Ms:0.00} ms |");
}

/// <summary>
/// A closed loop: N workers, each on its own keep-alive connection, send the next request as soon as the previous
/// answer is read, for a warm-up second and then the measured duration. An answer other than the expected status counts
/// as an error (and is still timed).
/// </summary>
public static class ClosedLoopLoad
{
    public static async Task<LoadResult> RunAsync(string baseUrl, int concurrency, TimeSpan duration, Func<HttpClient, int, Task<HttpResponseMessage>> send,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        var measuring = 0;
        var stop = 0;
        var latencies = new List<long>[concurrency];
        var errors = new long[concurrency];
        var counter = -1;
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<long>(1 << 16);
            var buffer = new byte[16 * 1024];
            while (Volatile.Read(ref stop) == 0)
            {
                var i = Interlocked.Increment(ref counter);
                var started = Stopwatch.GetTimestamp();
                var ok = false;
                try
                {
                    using var response = await send(client, i & int.MaxValue);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                    ok = response.StatusCode == expected;
                }
                catch (HttpRequestException)
                {
                }
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (Volatile.Read(ref measuring) == 1 && Volatile.Read(ref stop) == 0)
                {
                    mine.Add(elapsed);
                    if (!ok)
                    {
                        errors[w]++;
                    }
                }
            }
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up: connections open, JIT done
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration);
        Volatile.Write(ref stop, 1);
        clock.Stop();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(all.Length, errors.Sum(), clock.Elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99));
    }
}
