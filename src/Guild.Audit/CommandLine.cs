namespace Guild.Audit;

/// <summary>Positional arguments and <c>--name value</c> options (a flag followed by another option or nothing is boolean).</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
                if (!line.options.TryGetValue(name, out var values))
                {
                    line.options[name] = values = [];
                }
                values.Add(value);
            }
            else
            {
                line.Positional.Add(args[i]);
            }
        }
        return line;
    }

    public string? Option(string name) => options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => options.TryGetValue(name, out var values) ? values : [];

    public bool Flag(string name) => options.ContainsKey(name);
}
