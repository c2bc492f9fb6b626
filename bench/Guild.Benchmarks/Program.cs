using BenchmarkDotNet.Running;

// BenchmarkDotNet suites: `dotnet run -c Release --project bench/Guild.Benchmarks -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
