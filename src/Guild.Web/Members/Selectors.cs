using System.Text;
using System.Text.Json;
using Guild.Core.Claims;

namespace Guild.Web.Members;

/// <summary>4-byte function selectors the member pages hand to the browser, which appends the ABI-encoded arguments.</summary>
public static class Selectors
{
    public static string Of(string signature) => Keccak256.Hash(Encoding.ASCII.GetBytes(signature)).ToString()[..10];

    /// <summary>The stake page's functions, as JSON for a data attribute.</summary>
    public static readonly string Stake = JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["approve"] = Of("approve(address,uint256)"),
        ["createLock"] = Of("createLock(uint256,uint256)"),
        ["increaseAmount"] = Of("increaseAmount(uint256)"),
        ["extendLock"] = Of("extendLock(uint256)"),
        ["withdraw"] = Of("withdraw()"),
    });

    public static readonly string Delegate = Of("delegate(address)");

    public static readonly string CastVoteWithReason = Of("castVoteWithReason(uint256,uint8,string)");
}
