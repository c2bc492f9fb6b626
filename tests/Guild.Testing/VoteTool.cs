using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guild.Testing;

/// <summary>
/// Independent EIP-712 implementations run by node (tests/tools/votes/votes.mjs): ethers and viem sign the roadmap vote
/// typed data the portal serves, so the portal's hashing and recovery are held against other libraries rather than
/// against themselves; node's WebCrypto encrypts private ballots the way the page does; ethers' <c>verifyTypedData</c> is the comparison path of the bench. Installs its packages with
/// <c>npm ci</c> on first use when ./test.sh has not.
/// </summary>
public static class VoteTool
{
    private static readonly NodeTool Tool = new("votes", "viem");

    public sealed record Signed(string Signature, string Address);

    public sealed record Timing(int Verified, double Seconds, double PerSecond, string[] Addresses);

    /// <summary>Signs <paramref name="typedData"/> (as <c>eth_signTypedData_v4</c> takes it) with <paramref name="library"/> ("ethers" or "viem").</summary>
    public static Task<Signed> SignAsync(JsonNode typedData, string privateKey, string library = "ethers") =>
        RunAsync<Signed>("sign", new JsonObject { ["typedData"] = typedData.DeepClone(), ["privateKey"] = privateKey, ["library"] = library });

    public sealed record Hashed(string Digest);

    public sealed record Sealed(string Envelope);

    /// <summary>ethers' <c>TypedDataEncoder.hash</c> of <paramref name="typedData"/>: the digest a wallet signs.</summary>
    public static async Task<string> HashAsync(JsonNode typedData) =>
        (await RunAsync<Hashed>("hash", new JsonObject { ["typedData"] = typedData.DeepClone() })).Digest;

    /// <summary>Encrypts <paramref name="plaintext"/> as a private ballot with node's WebCrypto (ECDH P-256, HKDF-SHA256, AES-256-GCM).</summary>
    public static async Task<string> SealAsync(string publicKey, string salt, string info, string plaintext) =>
        (await RunAsync<Sealed>("seal", new JsonObject { ["publicKey"] = publicKey, ["salt"] = salt, ["info"] = info, ["plaintext"] = plaintext })).Envelope;

    /// <summary>Verifies votes with ethers' verifyTypedData one after another (one core), for at most <paramref name="seconds"/>.</summary>
    public static Task<Timing> VerifyAsync(JsonNode typedData, JsonArray votes, double seconds) =>
        RunAsync<Timing>("verify", new JsonObject { ["typedData"] = typedData.DeepClone(), ["votes"] = votes, ["seconds"] = seconds });

    private static async Task<T> RunAsync<T>(string command, JsonObject request) =>
        JsonSerializer.Deserialize<T>(await Tool.RunAsync("votes.mjs", command, request.ToJsonString()), JsonSerializerOptions.Web)!;
}
