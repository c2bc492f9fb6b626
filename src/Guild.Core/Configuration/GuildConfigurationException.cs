namespace Guild.Core.Configuration;

/// <summary>
/// Configuration is missing or wrong. The message names every offending key (for example <c>Database:ConnectionString</c>)
/// so an operator can fix it without reading a stack trace.
/// </summary>
public sealed class GuildConfigurationException(IReadOnlyList<string> errors, Exception? inner = null)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)), inner)
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
