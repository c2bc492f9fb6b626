using BenchmarkDotNet.Running;
using Guild.Benchmarks;

// `-- ingestion`: the ingestion harness (request counts and an import timing, see bench/README.md).
// Otherwise BenchmarkDotNet suites: `dotnet run -c Release --project bench/Guild.Benchmarks -- --filter '*'`.
if (args.Length > 0 && args[0] == "ingestion")
{
    return await IngestionHarness.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
