using System.Security.Cryptography;
using System.Text;
using Guild.Core.Allocation;
using Guild.Core.Claims;
using static Guild.Core.Tests.Allocation.TestCommunities;

namespace Guild.Core.Tests.Allocation;

public class EpochSnapshotJsonTests
{
    private static byte[] Canonical(EpochSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        EpochSnapshotJson.Write(snapshot, stream);
        return stream.ToArray();
    }

    [Fact]
    public void Write_ThenRead_SameCanonicalBytesAndAllocation()
    {
        var snapshot = Random(11, 30, 200, 5000 * Token, 100_000, Token);
        var bytes = Canonical(snapshot);

        var read = EpochSnapshotJson.Read(new MemoryStream(bytes));

        Assert.Equal(bytes, Canonical(read));
        Assert.Equal(AllocateEpoch.Run(snapshot).Root, AllocateEpoch.Run(read).Root);
    }

    [Fact]
    public void Hash_CanonicalFile_EqualsSha256OfItsBytes()
    {
        var snapshot = Random(12, 10, 40, Token, 500_000, 0);

        Assert.Equal(Hash32.FromBytes(SHA256.HashData(Canonical(snapshot))), EpochSnapshotJson.Hash(snapshot));
    }

    [Fact]
    public void Hash_ShuffledLists_Unchanged()
    {
        var snapshot = Random(13, 20, 100, Token, 500_000, 0);

        Assert.Equal(EpochSnapshotJson.Hash(snapshot), EpochSnapshotJson.Hash(Shuffled(snapshot, 99)));
    }

    [Fact]
    public void Hash_OneWeightChanged_Differs()
    {
        var snapshot = Random(14, 20, 100, Token, 500_000, 0);
        var changed = snapshot with { Weights = snapshot.Weights with { Alpha = 0.2 } };

        Assert.NotEqual(EpochSnapshotJson.Hash(snapshot), EpochSnapshotJson.Hash(changed));
        Assert.NotEqual(WeightSetJson.Hash(snapshot.Weights), WeightSetJson.Hash(changed.Weights));
    }

    [Fact]
    public void Read_WeightsHashMismatch_Throws()
    {
        var json = Encoding.UTF8.GetString(Canonical(Random(15, 5, 10, Token, 500_000, 0)));
        var tampered = json.Replace("\"alpha\":0.15", "\"alpha\":0.25", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EpochSnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(tampered))));

        Assert.Contains("weightsHash", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WeiAsNumber_ThrowsNamingTheProperty()
    {
        var json = Encoding.UTF8.GetString(Canonical(Random(16, 5, 10, Token, 500_000, 0)));
        var tampered = json.Replace($"\"budgetWei\":\"{Token}\"", $"\"budgetWei\":{Token}", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EpochSnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(tampered))));

        Assert.Contains("$.budgetWei", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingRequiredProperty_ThrowsFormatException()
    {
        var json = Encoding.UTF8.GetString(Canonical(Random(17, 5, 10, Token, 500_000, 0)));
        var tampered = json.Replace("\"asOf\":", "\"asof_renamed\":", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EpochSnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(tampered))));

        Assert.Contains("asOf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownEdgeType_ThrowsNamingThePath()
    {
        var json = Encoding.UTF8.GetString(Canonical(Random(18, 5, 10, Token, 500_000, 0)));
        var tampered = json.Replace("\"type\":\"authored\"", "\"type\":\"sponsored\"", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EpochSnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(tampered))));

        Assert.Contains("$.edges[", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MinimalHandWrittenSnapshot_DefaultsOptionalFields()
    {
        const string json = """
            {"format":"guild-epoch-snapshot/1","epoch":3,"asOf":"2026-09-01T00:00:00Z","budgetWei":"1000","capPpm":1000000,
             "minimumPayoutWei":"0","weights":{"version":"hand","contributions":{"pull_request":4,"review":2,"issue":1,"comment":0.25,"commit":1,"paper":8},
             "edges":{"authored":{"forward":0.0625,"backward":1},"reviewed":{"forward":0.0625,"backward":0.5},"merged":{"forward":0.0625,"backward":0.25},
             "commented":{"forward":0.0625,"backward":0.25},"co_authored":{"forward":0.0625,"backward":0.5},"references":{"forward":0.5,"backward":0.0625},
             "cites":{"forward":1,"backward":0},"contains":{"forward":1,"backward":0.125}}},
             "contributors":[{"id":"github:a","wallet":"0x00000000000000000000000000000000000000aa"}],
             "contributions":[{"id":"c1","type":"commit","repository":"o/r","createdAt":"2026-08-01T00:00:00Z"}],
             "edges":[{"type":"authored","source":"github:a","target":"c1"}]}
            """;

        var snapshot = EpochSnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var allocation = AllocateEpoch.Run(snapshot);

        Assert.Empty(snapshot.Balances);
        Assert.Equal(180, snapshot.Weights.HalfLifeDays);
        Assert.Equal(1000, (int)allocation.TotalCumulativeWei);
    }
}
