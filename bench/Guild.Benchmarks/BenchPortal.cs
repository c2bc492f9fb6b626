using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Guild.Benchmarks;

/// <summary>
/// The real portal process (Guild.Web from the Release build, Production) on a free loopback port, configured by
/// environment variables as a deployment would be, deploying the contract suite on the given node. Ready when
/// <c>/health/ready</c> answers; killed on dispose.
/// </summary>
public sealed class BenchPortal : IDisposable
{
    /// <summary>anvil's account 0: deploys the suite and publishes roots (benchmark chains only).</summary>
    public const string DeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private readonly Process process;
    private bool disposed;

    private BenchPortal(Process process, string origin)
    {
        this.process = process;
        Origin = origin;
        Http = new HttpClient { BaseAddress = new Uri(origin), Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Origin { get; }

    public HttpClient Http { get; }

    public static string Root { get; } = FindRoot();

    /// <param name="environment">Settings on top of the defaults (a temporary data directory, SQLite, auto-deploy, warnings only).</param>
    public static async Task<BenchPortal> StartAsync(string rpc, string folder, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(Root, "src", "Guild.Web", "bin", "Release", "net10.0", "Guild.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the portal first: dotnet build -c Release Guild.sln ({dll} is missing).");
        }
        var origin = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(origin);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DataDirectory"] = Path.Combine(folder, "data");
        start.Environment["Portal__PublicOrigin"] = origin;
        start.Environment["Chain__Rpc"] = rpc;
        start.Environment["Chain__Signer__PrivateKey"] = DeployerKey;
        start.Environment["Chain__Deployment__AutoDeploy"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("portal: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var portal = new BenchPortal(process, origin);
        var ready = Stopwatch.StartNew();
        while (!await portal.ReadyAsync())
        {
            if (process.HasExited || ready.Elapsed > TimeSpan.FromMinutes(3))
            {
                portal.Dispose();
                throw new InvalidOperationException("The portal did not become ready.");
            }
            await Task.Delay(1000); // /health is rate-limited to 60 a minute
        }
        Console.WriteLine($"Portal ready at {origin} in {ready.Elapsed.TotalSeconds:0.0} s");
        return portal;
    }

    /// <summary>A deployed contract's address, as the portal lists it.</summary>
    public async Task<string> ContractAsync(string name)
    {
        using var contracts = JsonDocument.Parse(await Http.GetStringAsync("/api/chain/contracts"));
        return contracts.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("address").GetString()!;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            return (await Http.GetAsync("/health/ready")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Guild.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run from inside the repository.");
    }
}
