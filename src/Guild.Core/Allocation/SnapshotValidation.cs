using System.Numerics;
using Guild.Core.Claims;

namespace Guild.Core.Allocation;

/// <summary>Checks a snapshot before anything is computed from it; the problems are listed, not thrown one by one.</summary>
public static class SnapshotValidation
{
    /// <remarks>
    /// Everything but the edges: those are checked while <see cref="ContributionGraph.Build"/> resolves them (it looks
    /// every endpoint up anyway), so <see cref="AllocateEpoch.Run(EpochSnapshot, int)"/> reports them from there.
    /// </remarks>
    public static IReadOnlyList<string> Validate(EpochSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var problems = new List<string>(snapshot.Weights.Validate());
        if (snapshot.Epoch < 0) problems.Add($"epoch {snapshot.Epoch} is negative");
        if (snapshot.BudgetWei.Sign < 0) problems.Add("budgetWei is negative");
        if (snapshot.MinimumPayoutWei.Sign < 0) problems.Add("minimumPayoutWei is negative");
        if (snapshot.CapPpm is < 1 or > 1_000_000) problems.Add($"capPpm {snapshot.CapPpm} is not in 1..1000000");
        if (snapshot.Genesis && snapshot.BudgetWei != GenesisVesting.PoolWei)
            problems.Add($"a genesis epoch's budget is the pool, {GenesisVesting.PoolWei} wei, not {snapshot.BudgetWei}");
        if ((snapshot.Genesis || snapshot.Balances.Any(b => b.GenesisEntitlementWei.Sign > 0)) && snapshot.VestingStart is null)
            problems.Add("vestingStart is required once genesis entitlements exist");

        var contributors = new HashSet<string>(StringComparer.Ordinal);
        var wallets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in snapshot.Contributors)
        {
            if (string.IsNullOrEmpty(c.Id)) problems.Add("a contributor has an empty id");
            else if (!contributors.Add(c.Id)) problems.Add($"contributor {c.Id} appears twice");
            if (c.Wallet is not null)
            {
                if (EthereumAddress.TryNormalize(c.Wallet) is not { } wallet) problems.Add($"contributor {c.Id}: wallet '{c.Wallet}' is not an address (or its checksum is wrong)");
                else if (wallet == EthereumAddress.Zero) problems.Add($"contributor {c.Id}: the zero address cannot be a wallet");
                else if (!wallets.TryAdd(wallet, c.Id)) problems.Add($"wallet {wallet} belongs to both {wallets[wallet]} and {c.Id}: merge them into one contributor");
            }
        }

        var contributions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in snapshot.Contributions)
        {
            if (string.IsNullOrEmpty(c.Id)) problems.Add("a contribution has an empty id");
            else if (contributors.Contains(c.Id)) problems.Add($"{c.Id} is both a contributor and a contribution");
            else if (!contributions.Add(c.Id)) problems.Add($"contribution {c.Id} appears twice");
            if (string.IsNullOrEmpty(c.Repository)) problems.Add($"contribution {c.Id} has no repository");
            if (c.Size < 0) problems.Add($"contribution {c.Id} has a negative size");
            if (!Enum.IsDefined(c.Type)) problems.Add($"contribution {c.Id} has an unknown type");
        }

        // Endpoints are resolved (and checked) while building the graph; a missing one would not even be a key there.
        var unnamed = snapshot.Edges.Count(e => string.IsNullOrEmpty(e.Source) || string.IsNullOrEmpty(e.Target));
        if (unnamed > 0) problems.Add($"{unnamed} edge(s) lack a source or a target");

        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in snapshot.Merges)
        {
            if (string.IsNullOrEmpty(m.From) || string.IsNullOrEmpty(m.Into)) problems.Add("a merge lacks its from or into");
            else if (contributors.Contains(m.From)) problems.Add($"merge of {m.From}: a merged person cannot be a contributor too");
            else if (!contributors.Contains(m.Into)) problems.Add($"merge of {m.From} into {m.Into}: {m.Into} is not a contributor of this snapshot");
            else if (!merged.TryAdd(m.From, m.Into)) problems.Add($"{m.From} is merged twice");
        }

        var balances = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in snapshot.Balances)
        {
            if (b.Contributor is null || !(contributors.Contains(b.Contributor) || merged.ContainsKey(b.Contributor))) problems.Add($"balance of {b.Contributor}: not a contributor of this snapshot");
            else if (!balances.Add(b.Contributor)) problems.Add($"balance of {b.Contributor} appears twice");
            if (b.CarriedWei.Sign < 0 || b.GenesisEntitlementWei.Sign < 0 || b.GenesisReleasedWei.Sign < 0) problems.Add($"balance of {b.Contributor} is negative");
            if (b.GenesisReleasedWei > b.GenesisEntitlementWei) problems.Add($"balance of {b.Contributor}: more genesis released than entitled");
        }

        var accounts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in snapshot.Cumulative)
        {
            if (EthereumAddress.TryNormalize(a.Account) is not { } account) problems.Add($"cumulative: '{a.Account}' is not an address");
            else if (account == EthereumAddress.Zero) problems.Add("cumulative: the zero address cannot hold a claim");
            else if (!accounts.Add(account)) problems.Add($"cumulative: {account} appears twice");
            if (a.CumulativeWei.Sign < 0) problems.Add($"cumulative: {a.Account} is negative");
        }

        var grants = new HashSet<long>();
        var granted = BigInteger.Zero;
        foreach (var g in snapshot.Grants)
        {
            if (!grants.Add(g.Proposal)) problems.Add($"grant of proposal {g.Proposal} appears twice");
            if (EthereumAddress.TryNormalize(g.Wallet) is not { } wallet || wallet == EthereumAddress.Zero) problems.Add($"grant of proposal {g.Proposal}: '{g.Wallet}' is not a wallet");
            if (g.AmountWei.Sign <= 0) problems.Add($"grant of proposal {g.Proposal}: the amount must be positive");
            granted += g.AmountWei;
        }
        // The genesis epoch pays the initial-distribution pool, which is no budget for grants.
        if (snapshot.Genesis && snapshot.Grants.Count > 0) problems.Add("the genesis epoch pays no grants: they enter the next epoch");
        else if (granted > snapshot.BudgetWei)
            problems.Add($"the grants voted by proposal(s) {string.Join(", ", snapshot.Grants.Select(g => g.Proposal).Order())} total {granted} wei, more than the epoch's budget of {snapshot.BudgetWei} wei: raise the budget to pay them");
        return problems;
    }

    /// <summary>Throws <see cref="InvalidSnapshotException"/> listing every problem, if there are any.</summary>
    public static void EnsureValid(EpochSnapshot snapshot)
    {
        var problems = Validate(snapshot);
        if (problems.Count > 0)
        {
            throw new InvalidSnapshotException(problems);
        }
    }
}

/// <summary>A snapshot that cannot be allocated; <see cref="Problems"/> lists why.</summary>
public sealed class InvalidSnapshotException(IReadOnlyList<string> problems)
    : Exception($"The epoch snapshot is invalid: {string.Join("; ", problems.Take(20))}{(problems.Count > 20 ? $" (and {problems.Count - 20} more)" : "")}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
