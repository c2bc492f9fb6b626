using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Guild.Core.Claims;
using Guild.Core.Governance;
using Guild.Testing;
using NBitcoin.Secp256k1;

namespace Guild.Benchmarks;

/// <summary>
/// Recounting a ranked-choice roadmap vote the way <c>guild-audit recount</c> does: <c>N</c> votes (default 100,000)
/// from distinct keys, signed as EIP-712 <c>Vote</c>s over five choices, written as the portal's export; then the
/// export is read back, every signature re-verified and the instant run-off counted, on one core and on all cores.
/// The same run times ethers' <c>verifyTypedData</c> in node (the path Snapshot uses, one core) on the same votes.
/// Goals (issue 13): the recount of 100,000 votes in at most 15 s on 2 cores, and at least 10x ethers per core.
///   dotnet run -c Release --project bench/Guild.Benchmarks -- votes [count] [export.json]
/// Sustained submission through the API is not measured here.
/// </summary>
public static class VoteRecountHarness
{
    private const int Choices = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var file = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"guild-votes-{count}.json");
        var domain = new VoteDomain(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
        const long proposalId = 1;
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var watch = Stopwatch.StartNew();
        var votes = Sign(count, domain, proposalId, timestamp);
        Console.WriteLine($"signed {count:N0} votes in {watch.Elapsed.TotalSeconds:F1} s (setup, not measured against a goal)");

        var export = new RoadmapExport(
            new ExportedProposal(proposalId, "Which model do we train next?", VoteType.RankedChoice,
                [.. Enumerable.Range(1, Choices).Select(i => $"Option {i}")], 1, timestamp - 60, BigInteger.Zero,
                DateTimeOffset.FromUnixTimeSeconds(timestamp - 3600), DateTimeOffset.FromUnixTimeSeconds(timestamp + 3600)),
            domain.ChainId, domain.VerifyingContract, "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", votes);
        await File.WriteAllTextAsync(file, export.ToJson());
        Console.WriteLine($"export: {file} ({new FileInfo(file).Length / 1_048_576.0:F1} MiB)");

        double Recount(int? parallelism)
        {
            var clock = Stopwatch.StartNew();
            var read = RoadmapExport.FromJson(File.ReadAllText(file))!;
            var result = RoadmapRecount.Run(read, parallelism: parallelism);
            var seconds = clock.Elapsed.TotalSeconds;
            if (result.Problems.Count != 0 || result.Verified != count)
            {
                throw new InvalidOperationException($"recount found {result.Problems.Count} problems and {result.Verified} verified votes");
            }
            Console.WriteLine($"recount on {parallelism?.ToString(CultureInfo.InvariantCulture) ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} core(s): " +
                $"{seconds:F2} s, {count / seconds:N0} votes/s, {result.Tally.Rounds.Count} run-off rounds, winner {string.Join(",", result.Tally.Winners)}");
            return seconds;
        }

        Recount(1); // warm-up (JIT), not reported against the goals
        var oneCore = Recount(1);
        var allCores = Recount(null);

        // ethers.verifyTypedData in node on the same votes, one core, for at most 20 s.
        var typed = VoteTypedData.ToJson(domain, proposalId, votes[0].Choices, votes[0].Reason, timestamp);
        var sample = new JsonArray([.. votes.Take(Math.Min(count, 20_000)).Select(v => (JsonNode)new JsonObject
        {
            ["message"] = VoteTypedData.ToJson(domain, proposalId, v.Choices, v.Reason, v.Timestamp)["message"]!.DeepClone(),
            ["signature"] = v.Signature,
        })]);
        var ethers = await VoteTool.VerifyAsync(typed, sample, 20);
        if (!ethers.Addresses.SequenceEqual(votes.Take(ethers.Addresses.Length).Select(v => v.Voter)))
        {
            throw new InvalidOperationException("ethers recovered other addresses than the signers");
        }
        var perCore = count / oneCore;
        Console.WriteLine($"ethers verifyTypedData (node, one core): {ethers.PerSecond:N0} votes/s over {ethers.Verified:N0} votes");
        Console.WriteLine($"this recount per core: {perCore:N0} votes/s = {perCore / ethers.PerSecond:F1}x ethers (goal >= 10x)");
        Console.WriteLine($"recount of {count:N0} on {Environment.ProcessorCount} cores: {allCores:F2} s (goal <= 15 s for 100,000 on 2 cores)");
        return 0;
    }

    /// <summary>Distinct random keys, each ranking a random prefix (1 to 5 choices) of a random order, with a weight of 1 to 10,000 AGI.</summary>
    private static ExportedVote[] Sign(int count, VoteDomain domain, long proposal, long timestamp)
    {
        var separator = VoteTypedData.DomainSeparator(domain);
        var votes = new ExportedVote[count];
        Parallel.For(0, count, i =>
        {
            var random = new Random(i);
            var (key, voter) = BenchKeys.New();

            var order = Enumerable.Range(1, Choices).OrderBy(_ => random.Next()).ToArray();
            var choices = order[..random.Next(1, Choices + 1)];
            var reason = i % 10 == 0 ? $"ballot {i}" : "";
            Span<byte> digest = stackalloc byte[32];
            VoteTypedData.Digest(separator, proposal, choices, reason, timestamp, digest);
            if (!key.TrySignRecoverable(digest, out var signature) || signature is null)
            {
                throw new InvalidOperationException("signing failed");
            }
            Span<byte> bytes = stackalloc byte[65];
            signature.WriteToSpanCompact(bytes[..64], out var recoveryId);
            bytes[64] = (byte)(27 + recoveryId);
            var weight = new BigInteger(random.Next(1, 10_001)) * BigInteger.Pow(10, 18);
            votes[i] = new ExportedVote(voter, choices, reason, timestamp, VoteSignature.ToHex(bytes), weight);
        });
        return votes;
    }
}
