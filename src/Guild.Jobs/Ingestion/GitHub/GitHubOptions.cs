using System.ComponentModel.DataAnnotations;

namespace Guild.Jobs.Ingestion.GitHub;

/// <summary>
/// Configuration section <c>GitHub</c>. Authenticate with a personal access token (<c>GitHub:Token</c>) or as a GitHub App
/// installation (<c>GitHub:App:*</c>); both come from the environment or a secret store — start-up refuses them in a
/// configuration file. Without either the sync runs anonymously (60 requests an hour: enough for a demo, not more).
/// </summary>
public sealed class GitHubOptions : IValidatableObject
{
    public const string Section = "GitHub";

    public string? Token { get; set; }

    public GitHubAppOptions App { get; set; } = new();

    /// <summary>Items per page; GitHub's maximum is 100.</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 100;

    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Stop and reschedule for the reset time once fewer requests than this remain, leaving room for other users of the token.</summary>
    [Range(0, 5000)]
    public int ReserveRequests { get; set; } = 50;

    /// <summary>How long to wait after a secondary rate limit that names no Retry-After (GitHub asks for at least a minute).</summary>
    [Range(1, 3600)]
    public int SecondaryLimitWaitSeconds { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Token) && App.IsConfigured)
        {
            yield return new ValidationResult("set either a token or a GitHub App, not both", [nameof(Token)]);
        }
    }
}

/// <summary>Configuration section <c>GitHub:App</c>: an installation token is minted from the app's private key and cached until it expires.</summary>
public sealed class GitHubAppOptions : IValidatableObject
{
    public long? AppId { get; set; }
    public long? InstallationId { get; set; }

    /// <summary>The app's PEM private key itself (environment or secret store only).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Or a file holding the PEM key (a mounted secret).</summary>
    public string? PrivateKeyFile { get; set; }

    public bool IsConfigured => AppId is not null || InstallationId is not null || !string.IsNullOrWhiteSpace(PrivateKey) || !string.IsNullOrWhiteSpace(PrivateKeyFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }
        if (AppId is null)
        {
            yield return new ValidationResult("is required for a GitHub App", [nameof(AppId)]);
        }
        if (InstallationId is null)
        {
            yield return new ValidationResult("is required for a GitHub App", [nameof(InstallationId)]);
        }
        if (string.IsNullOrWhiteSpace(PrivateKey) == string.IsNullOrWhiteSpace(PrivateKeyFile))
        {
            yield return new ValidationResult("set exactly one of PrivateKey or PrivateKeyFile", [nameof(PrivateKey)]);
        }
        else if (!string.IsNullOrWhiteSpace(PrivateKeyFile) && !File.Exists(PrivateKeyFile))
        {
            yield return new ValidationResult($"file '{PrivateKeyFile}' does not exist", [nameof(PrivateKeyFile)]);
        }
    }
}
