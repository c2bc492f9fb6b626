using System.Text.Json;

namespace Guild.Web.Tests.Infrastructure;

/// <summary>
/// An independent EIP-712 implementation: tests/tools/siwe/eip712.mjs, ethers' TypedDataEncoder and Wallet run by node.
/// It signs the typed data the portal hands a wallet, hashes it and recovers signers, so the portal's declarations are
/// held against another library rather than against themselves.
/// </summary>
public static class Eip712Tool
{
    public sealed record Signed(string Signature, string Digest, string Address);

    public sealed record Hashed(string Digest);

    public sealed record Recovered(string Address);

    /// <param name="typedData">The <c>eth_signTypedData_v4</c> payload (JSON text or element).</param>
    public static Task<Signed> SignAsync(JsonElement typedData, string privateKey) =>
        SiweTool.NodeAsync<Signed>("eip712.mjs", "sign", new { typedData, privateKey });

    public static Task<Hashed> HashAsync(JsonElement typedData) => SiweTool.NodeAsync<Hashed>("eip712.mjs", "hash", new { typedData });

    public static Task<Recovered> RecoverAsync(JsonElement typedData, string signature) =>
        SiweTool.NodeAsync<Recovered>("eip712.mjs", "recover", new { typedData, signature });
}
