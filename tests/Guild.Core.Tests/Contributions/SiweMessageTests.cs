using Guild.Core.Contributions;

namespace Guild.Core.Tests.Contributions;

/// <summary>The EIP-4361 text the portal writes reads back into the same fields; anything off the standard's grammar is refused.</summary>
public class SiweMessageTests
{
    private static readonly SiweMessage Sample = new(
        Domain: "guild.example.org",
        Address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        Statement: "Pay the Guild rewards of GitHub account @octocat (person:12) to this wallet.",
        Uri: "https://guild.example.org",
        Version: "1",
        ChainId: 31337,
        Nonce: "0123456789abcdef0123456789abcdef",
        IssuedAt: "2026-01-31T12:00:00Z",
        ExpirationTime: "2026-01-31T12:15:00Z",
        Resources: ["eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3"]);

    // The text the npm `siwe` 3.0.0 library writes for the same fields (SiweMessage.prepareMessage()).
    private const string Reference =
        "guild.example.org wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n" +
        "Pay the Guild rewards of GitHub account @octocat (person:12) to this wallet.\n\nURI: https://guild.example.org\nVersion: 1\n" +
        "Chain ID: 31337\nNonce: 0123456789abcdef0123456789abcdef\nIssued At: 2026-01-31T12:00:00Z\nExpiration Time: 2026-01-31T12:15:00Z\n" +
        "Resources:\n- eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3";

    [Fact]
    public void ToString_WritesTheStandardText_AndTryParseReadsItBack()
    {
        Assert.Equal(Reference, Sample.ToString());

        Assert.True(SiweMessage.TryParse(Reference, out var parsed, out var error), error);
        Assert.Equal(Sample.ToString(), parsed!.ToString());
        Assert.Equal(Sample.Resources, parsed.Resources);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 12, 15, 0, TimeSpan.Zero), SiweMessage.ParseTime(parsed.ExpirationTime));
    }

    [Fact]
    public void TryParse_OptionalFields_WithoutStatementAndWithEveryTitle()
    {
        var full = Sample with { Statement = null, NotBefore = "2026-01-31T11:00:00.123+01:00", RequestId = "req-1", Resources = [] };
        Assert.Contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n\nURI: ", full.ToString());
        Assert.True(SiweMessage.TryParse(full.ToString(), out var parsed, out var error), error);
        Assert.Null(parsed!.Statement);
        Assert.Equal("req-1", parsed.RequestId);
        Assert.Equal(full.ToString(), parsed.ToString());
    }

    [Theory]
    [InlineData("guild.example.org wants you to sign in with your Ethereum account:", "guild.example.org wants you to link your Ethereum account:")]
    [InlineData("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")] // no EIP-55 checksum
    [InlineData("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266")] // a wrong one
    [InlineData("(person:12)", "<person:12>")]                                                               // outside the statement's characters
    [InlineData("Version: 1", "Version: 2")]
    [InlineData("Chain ID: 31337", "Chain ID: 0x7a69")]
    [InlineData("Nonce: 0123456789abcdef0123456789abcdef", "Nonce: 1234567")]
    [InlineData("Nonce: 0123456789abcdef0123456789abcdef", "Nonce: 0123456789abcdef-0123")]
    [InlineData("Issued At: 2026-01-31T12:00:00Z", "Issued At: yesterday")]
    [InlineData("Expiration Time: 2026-01-31T12:15:00Z", "Expiration Time: 2026-01-31 12:15:00Z")]
    [InlineData("URI: https://guild.example.org", "URI: guild.example.org")]
    [InlineData("- eip155:31337:", "- eip155 31337:")]
    [InlineData("\nURI:", "\n\nURI:")]
    [InlineData("guild.example.org wants", "guild.example.org/path wants")]
    [InlineData("\n", "\r\n")]
    public void TryParse_TextOffTheGrammar_IsRefusedWithAReason(string original, string replacement)
    {
        var text = Reference.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Reference, text);

        Assert.False(SiweMessage.TryParse(text, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_TrailingLineOrEmptyText_IsRefused()
    {
        Assert.False(SiweMessage.TryParse(Reference + "\n", out _, out _));
        Assert.False(SiweMessage.TryParse(Reference + "\nExtra: field", out _, out _));
        Assert.False(SiweMessage.TryParse("", out _, out _));
        Assert.False(SiweMessage.TryParse(null, out _, out _));
    }
}
