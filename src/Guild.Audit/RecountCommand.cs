using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Core;
using Guild.Core.Claims;
using Guild.Core.Governance;

namespace Guild.Audit;

/// <summary>
/// <c>guild-audit recount</c>: re-verifies every signature of an exported roadmap vote and recomputes its result. With
/// <c>--rpc</c>, each voter's weight is read from the chain (the VoteEscrow's <c>getPastVotes</c> at the snapshot time)
/// instead of taken from the file, so the portal is trusted for nothing. A private proposal's ballots are opened here with
/// the revealed key (checked against the published public key), not taken from the portal's opened choices.
/// </summary>
internal static class RecountCommand
{
    private const int RpcBatch = 500;

    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        if (line.Positional.Count < 1)
        {
            return Usage.Fail(error, "recount needs the exported votes (votes.json)");
        }
        RoadmapExport? export;
        try
        {
            export = RoadmapExport.FromJson(File.ReadAllText(line.Positional[0]));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or FormatException)
        {
            error.WriteLine($"guild-audit: cannot read {line.Positional[0]}: {e.Message}");
            return 2;
        }
        if (export?.Proposal is null || export.Votes is null)
        {
            error.WriteLine($"guild-audit: {line.Positional[0]} is not a roadmap vote export");
            return 2;
        }
        int? threads = int.TryParse(line.Option("threads"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0 ? t : null;

        IReadOnlyDictionary<string, BigInteger>? chain = null;
        if (line.Option("rpc") is { Length: > 0 } rpc)
        {
            try
            {
                chain = ReadWeightsAsync(rpc, export).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException or TaskCanceledException)
            {
                error.WriteLine($"guild-audit: cannot read voting power from {rpc}: {e.Message}");
                return 2;
            }
        }
        var clock = Stopwatch.StartNew();
        var result = RoadmapRecount.Run(export, chain, threads);
        clock.Stop();
        Print(output, export, result, chain is not null, clock.Elapsed);
        return result.Problems.Count == 0 ? 0 : 1;
    }

    private static void Print(TextWriter output, RoadmapExport export, RecountResult result, bool fromChain, TimeSpan elapsed)
    {
        var p = export.Proposal;
        var tally = result.Tally;
        output.WriteLine($"proposal {p.Id}: {p.Title} ({p.Type}, snapshot block {p.SnapshotBlock} at {p.SnapshotTimestamp})");
        output.WriteLine($"domain: chain {export.ChainId}, contract {export.VerifyingContract}; weights from {(fromChain ? "the chain (VoteEscrow " + export.VoteEscrow + ")" : "the export")}");
        if (p.Private)
        {
            var keyProblem = result.Problems.FirstOrDefault(r => r.Voter == RoadmapRecount.ProposalKey);
            output.WriteLine(keyProblem is null
                ? $"private proposal: the revealed key matches the public key {p.BallotPublicKey}; every ballot opened here"
                : $"private proposal: {keyProblem.Reason}");
        }
        output.WriteLine($"votes: {export.Votes.Count} exported, {result.Verified} verified and counted, {result.Problems.Count} refused ({elapsed.TotalSeconds:0.00} s)");
        foreach (var problem in result.Problems.Take(50))
        {
            output.WriteLine($"  refused {problem.Voter}: {problem.Reason}");
        }
        foreach (var round in tally.Rounds)
        {
            var totals = string.Join(", ", round.Totals.Select((w, i) => $"{i + 1}. {p.Choices[i]}: {AgiAmount.Format(w)}"));
            output.WriteLine($"round {round.Number}: {totals}" + (round.Eliminated is { } e ? $"; eliminated {e}" : "") + (round.Exhausted.IsZero ? "" : $"; exhausted {AgiAmount.Format(round.Exhausted)}"));
        }
        if (!tally.Spoiled.IsZero)
        {
            output.WriteLine($"spoiled ballots: {AgiAmount.Format(tally.Spoiled)} (towards the quorum, on no choice)");
        }
        output.WriteLine($"total weight {AgiAmount.Format(tally.TotalWeight)}, quorum {AgiAmount.Format(tally.Quorum)}: {(tally.QuorumReached ? "reached" : "not reached")}");
        output.WriteLine(tally.Outcome is { } winner ? $"result: {winner}. {p.Choices[winner - 1]}" : $"result: none (winners: {string.Join(", ", tally.Winners)})");
    }

    /// <summary>getPastVotes(voter, snapshot time) for every voter, in JSON-RPC batches.</summary>
    private static async Task<IReadOnlyDictionary<string, BigInteger>> ReadWeightsAsync(string rpc, RoadmapExport export)
    {
        var selector = Keccak256.Hash(Encoding.ASCII.GetBytes("getPastVotes(address,uint256)")).ToString()[2..10];
        var timepoint = export.Proposal.SnapshotTimestamp.ToString("x64", CultureInfo.InvariantCulture);
        var voters = export.Votes.Select(v => v.Voter.ToLowerInvariant()).Distinct().ToList();
        var weights = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        foreach (var batch in voters.Chunk(RpcBatch))
        {
            var requests = new JsonArray();
            for (var i = 0; i < batch.Length; i++)
            {
                var data = "0x" + selector + batch[i][2..].PadLeft(64, '0') + timepoint;
                requests.Add(new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = i,
                    ["method"] = "eth_call",
                    ["params"] = new JsonArray(new JsonObject { ["to"] = export.VoteEscrow, ["data"] = data }, "latest"),
                });
            }
            using var response = await http.PostAsJsonAsync(rpc, requests);
            response.EnsureSuccessStatusCode();
            var answers = await response.Content.ReadFromJsonAsync<JsonArray>() ?? throw new InvalidOperationException("empty answer");
            foreach (var answer in answers)
            {
                var id = answer!["id"]!.GetValue<int>();
                var result = answer["result"]?.GetValue<string>()
                    ?? throw new InvalidOperationException($"eth_call for {batch[id]} failed: {answer["error"]?.ToJsonString()}");
                weights[batch[id]] = BigInteger.Parse("0" + result[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }
        return weights;
    }
}
