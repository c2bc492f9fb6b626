using BenchmarkDotNet.Running;
using Guild.Benchmarks;

// Load harnesses measure whole runs (wall time, memory) on real parts; the rest are BenchmarkDotNet suites.
//   dotnet run -c Release --project bench/Guild.Benchmarks -- indexer [events] [postgres admin connection string]
//   dotnet run -c Release --project bench/Guild.Benchmarks -- --filter '*'
return args.FirstOrDefault() switch
{
    "indexer" => await IndexerThroughput.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? args[2] : null),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
