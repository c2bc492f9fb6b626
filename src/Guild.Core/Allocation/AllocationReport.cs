using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Guild.Core.Claims;
using static Guild.Core.Allocation.CanonicalJson;

namespace Guild.Core.Allocation;

/// <summary>
/// The epoch report: what the job stores (JSON and CSV) and hands to the publisher. Its SHA-256 is the
/// <c>reportHash</c> of <c>RewardsDistributor.publishRoot</c>; it names the snapshot and weight set by hash, and every
/// retroactive grant by the roadmap proposal that granted it.
/// </summary>
public static class AllocationReport
{
    public const string Format = "guild-epoch-report/2";

    /// <summary>Writes the report's canonical JSON and returns its SHA-256.</summary>
    public static Hash32 WriteJson(EpochAllocation allocation, Stream stream)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            Write(allocation, json);
        }
        buffer.Position = 0;
        buffer.CopyTo(stream);
        return Hash32.FromBytes(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>One line per contributor, in id order; amounts in wei.</summary>
    public static void WriteCsv(EpochAllocation allocation, TextWriter writer)
    {
        writer.WriteLine("contributor,wallet,exclusion,score_share,epoch_wei,capped,genesis_released_wei,paid_wei,carried_wei,cumulative_wei");
        var cumulative = allocation.Accounts.ToDictionary(a => a.Account, a => a.CumulativeWei, StringComparer.Ordinal);
        foreach (var c in allocation.Contributors)
        {
            writer.Write(Csv(c.Contributor)); writer.Write(',');
            writer.Write(c.Wallet ?? ""); writer.Write(',');
            writer.Write(Csv(c.Exclusion ?? "")); writer.Write(',');
            writer.Write(c.ScoreShare.ToString("R", CultureInfo.InvariantCulture)); writer.Write(',');
            writer.Write(Wei(c.EpochWei)); writer.Write(',');
            writer.Write(c.Capped ? "true" : "false"); writer.Write(',');
            writer.Write(Wei(c.GenesisReleasedWei)); writer.Write(',');
            writer.Write(Wei(c.PaidWei)); writer.Write(',');
            writer.Write(Wei(c.CarriedWei)); writer.Write(',');
            writer.WriteLine(c.Wallet is not null && cumulative.TryGetValue(c.Wallet, out var total) ? Wei(total) : "");
        }
        // A grant is a line of its own, named after the vote that granted it; its whole amount is this epoch's and paid.
        foreach (var g in allocation.Grants)
        {
            writer.WriteLine($"{GrantedBy(g)},{g.Wallet},,0,{Wei(g.AmountWei)},false,0,{Wei(g.AmountWei)},0,{Wei(cumulative[g.Wallet])}");
        }
    }

    /// <summary>How the report names a grant's line: the roadmap proposal whose vote granted it.</summary>
    public static string GrantedBy(GrantAllocation grant) => $"grant:roadmap-proposal-{grant.Proposal}";

    private static void Write(EpochAllocation a, Utf8JsonWriter json)
    {
        var s = a.Snapshot;
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteNumber("epoch", s.Epoch);
        json.WriteBoolean("genesis", s.Genesis);
        json.WriteString("asOf", Instant(s.AsOf));
        json.WriteString("snapshotHash", EpochSnapshotJson.Hash(s).ToString());
        json.WriteString("weightsVersion", s.Weights.Version);
        json.WriteString("weightsHash", a.WeightsHash.ToString());
        json.WriteString("root", a.Root.ToString());
        json.WriteString("budgetWei", Wei(s.BudgetWei));
        json.WriteNumber("capPpm", s.CapPpm);
        json.WriteString("capWei", Wei(a.CapWei));
        json.WriteString("capExcess", WeightSetJson.CapExcessName(s.Weights.CapExcess));
        json.WriteString("allocatedWei", Wei(a.AllocatedWei));
        json.WriteString("withheldWei", Wei(a.WithheldWei));
        json.WriteString("unallocatedWei", Wei(a.UnallocatedWei));
        json.WriteString("paidWei", Wei(a.PaidWei));
        json.WriteString("grantsWei", Wei(a.GrantsWei));
        json.WriteString("carriedWei", Wei(a.CarriedWei));
        json.WriteString("totalCumulativeWei", Wei(a.TotalCumulativeWei));
        json.WriteStartObject("graph");
        json.WriteNumber("contributors", a.Graph.ContributorCount);
        json.WriteNumber("contributions", a.Graph.ContributionCount);
        json.WriteNumber("repositories", a.Graph.RepositoryCount);
        json.WriteNumber("edges", a.Graph.EdgeCount);
        json.WriteNumber("iterations", a.Scores.Iterations);
        json.WriteNumber("residual", a.Scores.Residual);
        json.WriteEndObject();
        if (s.VestingStart is { } start)
        {
            json.WriteStartArray("genesisVesting");
            foreach (var (at, vested) in GenesisVesting.Schedule(GenesisVesting.PoolWei, start))
            {
                json.WriteStartObject();
                json.WriteString("at", Instant(at));
                json.WriteString("vestedWei", Wei(vested));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteStartArray("contributors");
        foreach (var c in a.Contributors)
        {
            json.WriteStartObject();
            json.WriteString("contributor", c.Contributor);
            if (c.Wallet is null) json.WriteNull("wallet"); else json.WriteString("wallet", c.Wallet);
            if (c.Exclusion is null) json.WriteNull("exclusion"); else json.WriteString("exclusion", c.Exclusion);
            json.WriteNumber("scoreShare", c.ScoreShare);
            json.WriteString("epochWei", Wei(c.EpochWei));
            json.WriteBoolean("capped", c.Capped);
            json.WriteString("genesisReleasedWei", Wei(c.GenesisReleasedWei));
            json.WriteString("paidWei", Wei(c.PaidWei));
            json.WriteString("carriedWei", Wei(c.CarriedWei));
            json.WriteString("genesisEntitlementWei", Wei(c.GenesisEntitlementWei));
            json.WriteString("genesisReleasedTotalWei", Wei(c.GenesisReleasedTotalWei));
            json.WriteEndObject();
            FlushIfFull(json);
        }
        json.WriteEndArray();
        // The retroactive grants, each with the roadmap vote that granted it.
        json.WriteStartArray("grants");
        foreach (var g in a.Grants)
        {
            json.WriteStartObject();
            json.WriteNumber("proposal", g.Proposal);
            json.WriteString("grantedBy", GrantedBy(g));
            json.WriteString("wallet", g.Wallet);
            json.WriteString("amountWei", Wei(g.AmountWei));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        // Why contributions were left out or kept against a rule: the flags and the stewards' notes, in id order.
        json.WriteStartArray("flags");
        foreach (var c in s.Contributions.Where(c => c.Flagged || c.Note is not null).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("contribution", c.Id);
            json.WriteBoolean("flagged", c.Flagged);
            if (c.Note is null) json.WriteNull("note"); else json.WriteString("note", c.Note);
            json.WriteEndObject();
            FlushIfFull(json);
        }
        json.WriteEndArray();
        json.WriteStartArray("accounts");
        foreach (var account in a.Accounts)
        {
            json.WriteStartObject();
            json.WriteString("account", account.Account);
            json.WriteString("previousWei", Wei(account.PreviousWei));
            json.WriteString("cumulativeWei", Wei(account.CumulativeWei));
            json.WriteEndObject();
            FlushIfFull(json);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
