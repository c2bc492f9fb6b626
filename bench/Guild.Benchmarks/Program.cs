using BenchmarkDotNet.Running;
using Guild.Benchmarks;

// `-- scale <size>`: the allocation scale harness (bench/README.md). Anything else goes to BenchmarkDotNet:
// `dotnet run -c Release --project bench/Guild.Benchmarks -- --filter '*'`.
if (args.Length > 0 && args[0] == "scale")
{
    return ScaleHarness.Run(args);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
