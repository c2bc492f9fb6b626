using System.Text;
using CsCheck;
using Guild.Core.Claims;
using Nethereum.Util;

namespace Guild.Core.Tests.Claims;

public class Keccak256Tests
{
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("transfer(address,uint256)", "0xa9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b")]
    public void Hash_KnownInput_MatchesKnownDigest(string input, string expected)
    {
        Assert.Equal(expected, Keccak256.Hash(Encoding.ASCII.GetBytes(input)).ToString());
    }

    [Fact]
    public void Hash_RandomInputAcrossBlockBoundaries_MatchesNethereum()
    {
        var nethereum = new Sha3Keccack();
        Gen.Byte.Array[0, 700].Sample(bytes =>
        {
            Assert.Equal("0x" + Convert.ToHexStringLower(nethereum.CalculateHash(bytes)), Keccak256.Hash(bytes).ToString());
        }, iter: 500);
    }

    [Fact]
    public void Hash_SpanOutput_EqualsStructOutput()
    {
        var data = Encoding.ASCII.GetBytes("guild");
        Span<byte> output = stackalloc byte[32];

        Keccak256.Hash(data, output);

        Assert.Equal(Keccak256.Hash(data), Hash32.FromBytes(output));
    }
}

public class EthereumAddressTests
{
    [Fact]
    public void TryNormalize_ValidChecksum_ReturnsLowerCase()
    {
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", EthereumAddress.TryNormalize("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", EthereumAddress.ToChecksum("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00")]
    [InlineData("0xzaaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    public void TryNormalize_BadAddressOrChecksum_ReturnsNull(string address)
    {
        Assert.Null(EthereumAddress.TryNormalize(address));
    }
}
