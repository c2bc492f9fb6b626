using BenchmarkDotNet.Running;
using Guild.Benchmarks;

// Load harnesses measure whole runs (wall time, memory, requests) on real parts; the rest are BenchmarkDotNet suites.
// See bench/README.md for each command and its latest figures.
//   dotnet run -c Release --project bench/Guild.Benchmarks -- scale 10k|100k|1m|score-1m-edges|datasets|...
//   dotnet run -c Release --project bench/Guild.Benchmarks -- gaming [seeds] [honest] [gamers per tactic]
//   dotnet run -c Release --project bench/Guild.Benchmarks -- ingestion [--skip-git] [--skip-github]
//   dotnet run -c Release --project bench/Guild.Benchmarks -- indexer [events] [postgres admin connection string]
//   dotnet run -c Release --project bench/Guild.Benchmarks -- licenses [companies] [seconds] [concurrency]
//   dotnet run -c Release --project bench/Guild.Benchmarks -- votes [count] [export.json]
//   dotnet run -c Release --project bench/Guild.Benchmarks -- vote-submission [voters] [seconds]
//   dotnet run -c Release --project bench/Guild.Benchmarks -- epoch-db [contributions] [contributors] [seconds] [postgres admin connection string]
//   dotnet run -c Release --project bench/Guild.Benchmarks -- --filter '*'
return args.FirstOrDefault() switch
{
    "scale" => ScaleHarness.Run(args),
    "gaming" => GamingHarness.Run(args[1..]),
    "licenses" => await LicenseLoad.RunAsync(args[1..]),
    "ingestion" => await IngestionHarness.RunAsync(args[1..]),
    "indexer" => await IndexerThroughput.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? args[2] : null),
    "votes" => await VoteRecountHarness.RunAsync(args[1..]),
    "vote-submission" => await VoteSubmissionHarness.RunAsync(args[1..]),
    "epoch-db" => await EpochDatabaseHarness.RunAsync(args[1..]),
    "epoch-db-job" => await EpochDatabaseHarness.RunJobsAsync([]),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
