namespace Guild.Core;

/// <summary>An expected failure of a domain action, as a value; the API maps each kind to one HTTP status.</summary>
public abstract record DomainError(string Message);

/// <summary>Input that breaks a rule; <see cref="Errors"/> names each field with its reasons. Nothing was changed.</summary>
public sealed record InvalidInputError(IReadOnlyDictionary<string, string[]> Errors)
    : DomainError("The input is not valid: " + string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

/// <summary>The value of an action, or why it was refused.</summary>
public readonly record struct Outcome<T>(T? Value, DomainError? Error) where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(DomainError error) => new(null, error);
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
