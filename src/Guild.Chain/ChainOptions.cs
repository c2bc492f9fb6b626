using System.ComponentModel.DataAnnotations;

namespace Guild.Chain;

/// <summary>Configuration section <c>Chain</c>.</summary>
public sealed class ChainOptions : IValidatableObject
{
    public const string Section = "Chain";
    public const string EmbeddedRpc = "embedded";

    /// <summary>A JSON-RPC URL, or <c>embedded</c>: start anvil from <c>solidity/node_modules</c> as a child process.</summary>
    public string Rpc { get; set; } = EmbeddedRpc;

    /// <summary>When set, start-up fails if the node reports another chain id (guards against pointing at the wrong network).</summary>
    public long? ExpectedChainId { get; set; }

    /// <summary>Blocks a log must be buried under before jobs act on it.</summary>
    [Range(0, 1000)]
    public int Confirmations { get; set; } = 1;

    /// <summary>How long start-up waits for the node to answer before giving up with a clear error.</summary>
    [Range(1, 600)]
    public int StartupTimeoutSeconds { get; set; } = 30;

    /// <summary>Per-request timeout of JSON-RPC calls.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    public EmbeddedChainOptions Embedded { get; set; } = new();

    public SignerOptions Signer { get; set; } = new();

    public DeploymentOptions Deployment { get; set; } = new();

    public IndexerOptions Indexer { get; set; } = new();

    public bool IsEmbedded => string.Equals(Rpc, EmbeddedRpc, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsEmbedded)
        {
            yield break;
        }
        if (!Uri.TryCreate(Rpc, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult(
                $"must be '{EmbeddedRpc}' or an http(s) JSON-RPC URL such as http://127.0.0.1:8545 (got '{Rpc}')", [nameof(Rpc)]);
        }
    }
}

/// <summary>Configuration section <c>Chain:Embedded</c>: the anvil the app starts for itself.</summary>
public sealed class EmbeddedChainOptions
{
    /// <summary>The anvil binary; by default found under <c>solidity/node_modules/@foundry-rs</c> above the working directory.</summary>
    public string? AnvilPath { get; set; }

    /// <summary>Where anvil keeps its chain between runs, relative to the data directory.</summary>
    public string StateFile { get; set; } = "anvil-state.json";

    /// <summary>Start from a fresh chain every time instead of keeping state in <see cref="StateFile"/>.</summary>
    public bool Ephemeral { get; set; }

    [Range(1, long.MaxValue)]
    public long ChainId { get; set; } = 31337;

    /// <summary>Seconds between blocks; 0 mines a block per transaction.</summary>
    [Range(0, 3600)]
    public int BlockTimeSeconds { get; set; }
}

/// <summary>
/// Configuration section <c>Chain:Signer</c>: the account that sends transactions. Give a private key or a keystore
/// through the environment or a secret store — start-up refuses one found in a configuration file. An embedded chain
/// needs neither: anvil signs for its own unlocked dev account.
/// </summary>
public sealed class SignerOptions : IValidatableObject
{
    public string? PrivateKey { get; set; }

    /// <summary>An encrypted JSON keystore (web3 secret storage) file.</summary>
    public string? KeystoreFile { get; set; }

    public string? KeystorePassword { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PrivateKey) || !string.IsNullOrWhiteSpace(KeystoreFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PrivateKey) && !string.IsNullOrWhiteSpace(KeystoreFile))
        {
            yield return new ValidationResult("set either a private key or a keystore file, not both", [nameof(PrivateKey)]);
        }
        if (!string.IsNullOrWhiteSpace(PrivateKey) && !System.Text.RegularExpressions.Regex.IsMatch(PrivateKey, "^(0x)?[0-9a-fA-F]{64}$"))
        {
            // Never echo the value: it may be a real key with a typo.
            yield return new ValidationResult("must be 32 bytes of hex (64 hex digits, optionally 0x-prefixed)", [nameof(PrivateKey)]);
        }
        if (!string.IsNullOrWhiteSpace(KeystoreFile))
        {
            if (!File.Exists(KeystoreFile))
            {
                yield return new ValidationResult($"file not found: {KeystoreFile}", [nameof(KeystoreFile)]);
            }
            if (string.IsNullOrEmpty(KeystorePassword))
            {
                yield return new ValidationResult("is required with Chain:Signer:KeystoreFile", [nameof(KeystorePassword)]);
            }
        }
    }
}
