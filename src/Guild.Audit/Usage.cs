namespace Guild.Audit;

internal static class Usage
{
    public const string Text = """
        guild-audit: recompute a Guild epoch from its snapshot, or a roadmap vote from its signed votes, without the database.

          guild-audit allocate <snapshot.json> [--expect-root 0x…] [--top N] [--report report.json] [--csv allocation.csv] [--tree tree.json] [--threads N]
              Validates the snapshot, scores, allocates and builds the claims tree; prints the hashes, the allocation
              table and the root. With --expect-root, exits 1 unless the root matches (the published one, say).
          guild-audit explain <snapshot.json> <contributor> [--top N]
              Where a contributor's score came from: share by contribution type and the top contributions.
          guild-audit proof <snapshot.json> <account>
              The account's cumulative amount and Merkle proof, as RewardsDistributor.claim takes them.
          guild-audit import-git <out.json> --repo owner/name=history.tsv.gz […] [--epoch N] [--as-of ISO-8601]
                     [--budget-wei W] [--cap-ppm N] [--minimum-wei W] [--genesis --vesting-start ISO-8601] [--weights weights.json]
              Builds a snapshot from commit-history exports (the shared datasets' format); nobody has a wallet yet.
              --genesis pays the 20% pool and scores with the genesis weights (no time decay).
          guild-audit weights [--out weights.json]
              Prints the default weight set and its hash.
          guild-audit recount <votes.json> [--rpc URL] [--threads N]
              Re-verifies every EIP-712 vote signature of a roadmap proposal's export (/api/roadmap/proposals/{id}/votes)
              and recomputes the result (instant run-off rounds for ranked choice). With --rpc, each voter's weight is
              read from the chain's VoteEscrow at the snapshot instead of the file. Exits 1 if any vote is refused.

        Exit codes: 0 ok · 1 root mismatch or refused votes · 2 bad arguments or invalid input.
        """;

    public static int Print(TextWriter output)
    {
        output.WriteLine(Text);
        return 0;
    }

    public static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"guild-audit: {message}");
        error.WriteLine("run `guild-audit --help` for usage");
        return 2;
    }
}
