using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Guild.Core.Hosting;

/// <summary>
/// The folder for the embedded default's files (SQLite databases, anvil state, demo logins): configuration key
/// <c>DataDirectory</c>, default <c>data</c> under the content root. One knob, so the run command can put everything
/// in the repository's <c>./data</c>.
/// </summary>
public sealed record DataDirectory(string Path)
{
    public const string Key = "DataDirectory";

    public static DataDirectory From(IHostApplicationBuilder builder) =>
        new(System.IO.Path.GetFullPath(builder.Configuration[Key] is { Length: > 0 } configured ? configured : "data",
            builder.Environment.ContentRootPath));

    /// <summary>A path relative to this folder (absolute paths are kept), with its parent folder created.</summary>
    public string File(string relativeOrAbsolute)
    {
        var full = System.IO.Path.GetFullPath(relativeOrAbsolute, Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }
}
