using Guild.AbiGen;

// dotnet run --project tools/Guild.AbiGen [-- <artifacts dir> <output dir>]
var root = BindingGenerator.FindRepositoryRoot(Directory.GetCurrentDirectory());
var artifacts = args.Length > 0 ? args[0] : Path.Combine(root, "solidity", "artifacts");
var output = args.Length > 1 ? args[1] : Path.Combine(root, "src", "Guild.Chain", "Contracts");

Directory.CreateDirectory(output);
foreach (var (fileName, source) in BindingGenerator.GenerateAll(artifacts))
{
    File.WriteAllText(Path.Combine(output, fileName), source);
    Console.WriteLine($"wrote {Path.Combine(output, fileName)}");
}
