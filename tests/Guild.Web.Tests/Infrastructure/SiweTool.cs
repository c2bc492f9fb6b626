using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Testing;

namespace Guild.Web.Tests.Infrastructure;

/// <summary>
/// An independent Sign-In with Ethereum implementation: tests/tools/siwe/siwe.mjs, the reference npm <c>siwe</c> library
/// on ethers, run by node. It builds, signs, parses and verifies messages, so the portal's format and checks are held
/// against the standard's own code rather than against themselves. Installs its packages with <c>npm ci</c> on first use
/// when ./test.sh has not.
/// </summary>
public static class SiweTool
{
    private static readonly NodeTool Tool = new("siwe", "siwe");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public sealed record Signed(string Message, string Signature);

    public sealed record Parsed(bool Ok, JsonElement Fields, string? Error);

    public sealed record Verified(bool Success, string? Error);

    /// <summary>Builds the EIP-4361 text from <paramref name="fields"/> with <c>new SiweMessage(fields)</c> and signs it with ethers (EIP-191).</summary>
    public static Task<Signed> SignAsync(object fields, string privateKey) => RunAsync<Signed>("sign", new { fields, privateKey });

    public static Task<Parsed> ParseAsync(string message) => RunAsync<Parsed>("parse", new { message });

    /// <summary><c>SiweMessage.verify</c>: the signature, domain, nonce and times; through <paramref name="rpc"/> a contract wallet under EIP-1271.</summary>
    public static Task<Verified> VerifyAsync(string message, string signature, string domain, string nonce, string? rpc = null) =>
        RunAsync<Verified>("verify", new { message, signature, domain, nonce, rpc });

    private static Task<T> RunAsync<T>(string command, object request) => NodeAsync<T>("siwe.mjs", command, request);

    /// <summary>Runs a script of tests/tools/siwe (siwe.mjs, eip712.mjs) with one JSON request on stdin and reads its JSON answer.</summary>
    internal static async Task<T> NodeAsync<T>(string script, string command, object request) =>
        JsonSerializer.Deserialize<T>(await Tool.RunAsync(script, command, JsonSerializer.Serialize(request, Json)), Json)!;
}
