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
        var tampered = System.Text.RegularExpressions.Regex.Replace(json, "\"asOf\":\"[^\"]*\",", "");

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
        var weights = Encoding.UTF8.GetString(WeightSetJson.Canonical(WeightSet.Default));
        var json = $$"""
            {"format":"guild-epoch-snapshot/2","epoch":3,"asOf":"2026-09-01T00:00:00Z","budgetWei":"1000","capPpm":1000000,
             "minimumPayoutWei":"0","weights":{{weights}},
             "contributors":[{"id":"github:a","wallet":"0x00000000000000000000000000000000000000aa"}],
             "contributions":[{"id":"c1","type":"commit","repository":"o/r","createdAt":"2026-08-01T00:00:00Z","size":10}],
             "edges":[{"type":"authored","source":"github:a","target":"c1"}]}
            """;

        var snapshot = EpochSnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var allocation = AllocateEpoch.Run(snapshot);

        Assert.Empty(snapshot.Balances);
        Assert.Null(snapshot.Contributions[0].State);
        Assert.Equal(1000, (int)allocation.TotalCumulativeWei);
    }

    [Fact]
    public void Write_ThenRead_KeepsStatesAndNotes()
    {
        var snapshot = Random(19, 5, 10, Token, 500_000, 0);
        snapshot = snapshot with
        {
            Contributions = snapshot.Contributions.Select((c, i) => c with
            {
                State = (ContributionState)(i % 3),
                Flagged = i % 2 == 0,
                Note = i % 2 == 0 ? "rules: generated files only" : "unflagged by a steward: the lock file is the fix",
            }).ToArray(),
        };

        var read = EpochSnapshotJson.Read(new MemoryStream(Canonical(snapshot)));

        Assert.Equal(snapshot.Contributions.OrderBy(c => c.Id, StringComparer.Ordinal), read.Contributions);
    }

    [Fact]
    public void Read_FirstFormat_RefusedNamingIt()
    {
        var json = Encoding.UTF8.GetString(Canonical(Random(20, 5, 10, Token, 500_000, 0)))
            .Replace("guild-epoch-snapshot/2", "guild-epoch-snapshot/1", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EpochSnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))));

        Assert.Contains("guild-epoch-snapshot/1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"size\":", "\"bonus\":1,\"size\":")]                         // a property the format does not define
    [InlineData("\"capExcess\":\"withhold\",", "")]                            // a governed parameter left out
    [InlineData("\"capExcess\":\"withhold\"", "\"capExcess\":\"give_away\"")]      // a value it does not define
    public void Read_NotExactlyTheFormat_Refused(string find, string replace)
    {
        var json = Encoding.UTF8.GetString(Canonical(Random(21, 5, 10, Token, 500_000, 0)));
        var i = json.IndexOf(find, StringComparison.Ordinal);
        var tampered = json[..i] + replace + json[(i + find.Length)..];

        Assert.Throws<FormatException>(() => EpochSnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(tampered))));
    }
}
