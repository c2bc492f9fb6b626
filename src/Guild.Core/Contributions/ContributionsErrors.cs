namespace Guild.Core.Contributions;

/// <summary>Expected failures of the contribution actions, as values; the API maps each to one HTTP status.</summary>
public abstract record ContributionsError(string Message);

/// <summary>Input that breaks a rule; <see cref="Errors"/> names each field with its reasons. Nothing was changed.</summary>
public sealed record InvalidInputError(IReadOnlyDictionary<string, string[]> Errors)
    : ContributionsError("The input is not valid: " + string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

public sealed record TrackedRepositoryNotFoundError(long Id) : ContributionsError($"No tracked repository has id {Id}.");

public sealed record TrackedRepositoryExistsError(string Slug) : ContributionsError($"{Slug} is already tracked.");

/// <summary>The value of an action, or why it was refused.</summary>
public readonly record struct Outcome<T>(T? Value, ContributionsError? Error) where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(ContributionsError error) => new(null, error);
}

/// <summary>Collects field errors the way <see cref="InvalidInputError"/> reports them.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.Add(message);
    }

    public bool Any => errors.Count > 0;

    public InvalidInputError ToError() => new(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
