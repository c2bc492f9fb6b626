using System.Text.Json;
using Guild.Core.Allocation;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Governance;

/// <summary>
/// Retroactive grants on their way into an epoch: which passed votes the next epoch pays, and marking them paid once
/// that epoch's root is published. Until then a grant stays due, so recomputing a draft includes it again (once), and
/// a published epoch never leaves it due for another.
/// </summary>
public sealed class GrantPayments(GuildDbContext db)
{
    /// <summary>
    /// The unpaid grants whose vote had ended by <paramref name="asOf"/> (the epoch's cut-off, so the same epoch always
    /// finds the same grants) and passed: "Grant" won with quorum. In proposal order.
    /// </summary>
    public async Task<IReadOnlyList<SnapshotGrant>> DueAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        // SQLite cannot compare DateTimeOffset in SQL; grant proposals are few, so filter here.
        var ended = (await db.RoadmapProposals.AsNoTracking().Where(p => p.Grant != null && p.Grant.PaidInEpoch == null).ToListAsync(cancellationToken))
            .Where(p => p.EndsAt <= asOf).ToList();
        if (ended.Count == 0)
        {
            return [];
        }
        var ids = ended.Select(p => p.Id).ToList();
        var votes = (await db.RoadmapVotes.AsNoTracking().Where(v => ids.Contains(v.ProposalId)).ToListAsync(cancellationToken)).ToLookup(v => v.ProposalId);
        return ended
            .Where(p => RoadmapTally.Count(p.Type, p.Choices.Count, votes[p.Id].Select(v => new TallyBallot(v.Voter, v.Weight, v.Choices)).ToList(), p.Quorum).Outcome == GrantChoice)
            .OrderBy(p => p.Id)
            .Select(p => new SnapshotGrant(p.Id, p.Grant!.Wallet, p.Grant.AmountWei))
            .ToList();
    }

    /// <summary>The artifact a computed epoch keeps of the grants it pays (their proposal ids), read back at publication.</summary>
    public static byte[] Artifact(EpochAllocation allocation) => JsonSerializer.SerializeToUtf8Bytes(allocation.Grants.Select(g => g.Proposal).ToArray());

    /// <summary>The proposal ids a <see cref="Artifact"/> holds.</summary>
    public static IReadOnlyList<long> ReadArtifact(byte[] content) => JsonSerializer.Deserialize<long[]>(content) ?? [];

    /// <summary>Marks the grants epoch <paramref name="epoch"/> paid as paid by it; the caller saves with the publication.</summary>
    public async Task MarkPaidAsync(long epoch, CancellationToken cancellationToken)
    {
        var artifact = await db.EpochArtifacts.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Epoch == epoch && a.Kind == EpochArtifactKind.Grants, cancellationToken);
        if (artifact is null)
        {
            return;
        }
        var ids = ReadArtifact(artifact.Content);
        foreach (var proposal in await db.RoadmapProposals.Where(p => ids.Contains(p.Id) && p.Grant != null).ToListAsync(cancellationToken))
        {
            if (proposal.Grant!.PaidInEpoch is null)
            {
                proposal.Grant.MarkPaid(epoch);
            }
        }
    }

    /// <summary>"Grant" is the first choice of a grant vote (see <see cref="CreateRoadmapProposalCommand.GrantChoices"/>).</summary>
    private const int GrantChoice = 1;
}
