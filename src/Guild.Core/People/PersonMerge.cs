namespace Guild.Core.People;

/// <summary>
/// The audit record of a merge: who decided that two people are one, when and why. The next epoch's snapshot lists the
/// merges that move a previous balance (<c>merges</c>), so an auditor can follow every balance from report to report.
/// </summary>
public sealed class PersonMerge
{
    private PersonMerge() { }

    internal PersonMerge(Person from, Person into, string reason, string by, DateTimeOffset at)
    {
        From = from;
        Into = into;
        Reason = reason;
        By = by;
        At = at;
    }

    public long Id { get; private set; }
    public long FromPersonId { get; private set; }
    public Person? From { get; private set; }
    public long IntoPersonId { get; private set; }
    public Person? Into { get; private set; }

    /// <summary>Why, in words safe to publish: "noreply email", "verified GitHub email", "steward mapping", "GitHub account linked"…</summary>
    public string Reason { get; private set; } = "";

    /// <summary>Who decided: a job's name, or the portal account (steward or the person).</summary>
    public string By { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    /// <summary>What the merge did besides moving identities and balances (a wallet kept or dropped), for the audit trail.</summary>
    public string? Note { get; internal set; }
}
