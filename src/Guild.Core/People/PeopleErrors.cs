namespace Guild.Core.People;

/// <summary>Each of the two people acts through its own portal account; merging them would give one person two owners.</summary>
public sealed record PeopleOfDifferentAccountsError(string From, string Into)
    : DomainError($"{From} and {Into} belong to two different portal accounts; they cannot be merged into one person.");

/// <summary>
/// Moving an identity away from a person who still holds an unpaid balance earned partly by that identity's work
/// would leave the balance with someone it does not belong to.
/// </summary>
public sealed record IdentitySplitWouldOrphanError(string Identity, string Person, System.Numerics.BigInteger OutstandingWei)
    : DomainError($"{Identity} has work counted in published epochs whose unpaid balance ({OutstandingWei} wei) {Person} holds; " +
                  "moving it to another person would orphan that share. Merge the two people instead, or leave the mapping.");

public sealed record PersonNotFoundError(string Key) : DomainError($"There is no person {Key}.");

public sealed record PersonAlreadyMergedError(string Key) : DomainError($"{Key} is already part of another person.");
