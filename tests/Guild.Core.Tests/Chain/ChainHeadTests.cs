using Guild.Core.Chain;

namespace Guild.Core.Tests.Chain;

public class ChainHeadTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_NewerBlock_MovesForward()
    {
        var head = new ChainHead(31337);

        Assert.True(head.Observe(5, "0x05", T0, T0));
        Assert.True(head.Observe(9, "0x09", T0.AddSeconds(4), T0.AddSeconds(5)));

        Assert.Equal(9, head.BlockNumber);
        Assert.Equal("0x09", head.BlockHash);
        Assert.Equal(T0.AddSeconds(5), head.ObservedAt);
    }

    [Fact]
    public void Observe_OlderBlock_IsIgnored()
    {
        var head = new ChainHead(1);
        head.Observe(9, "0x09", T0, T0);

        Assert.False(head.Observe(8, "0x08", T0, T0.AddMinutes(1)));

        Assert.Equal(9, head.BlockNumber);
        Assert.Equal("0x09", head.BlockHash);
        Assert.Equal(T0, head.ObservedAt);
    }

    [Fact]
    public void Observe_SameNumberNewHash_ReplacesHash()
    {
        var head = new ChainHead(1);
        head.Observe(9, "0xaa", T0, T0);

        Assert.True(head.Observe(9, "0xbb", T0, T0.AddSeconds(1)));

        Assert.Equal("0xbb", head.BlockHash);
    }

    [Fact]
    public void Observe_BadInput_Throws()
    {
        var head = new ChainHead(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => head.Observe(-1, "0x01", T0, T0));
        Assert.Throws<ArgumentException>(() => head.Observe(1, " ", T0, T0));
        Assert.Equal(0, head.BlockNumber);
    }
}
