namespace Guild.Web.Accounts;

/// <summary>Configuration section <c>Demo</c>: the run command turns it on for the embedded default.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>
    /// The demo accounts' generated passwords are written here (mode 600), never to logs or config; the run command
    /// prints the file once the portal is ready. Relative to the data directory.
    /// </summary>
    public string LoginsFile { get; set; } = "demo-logins.txt";
}
