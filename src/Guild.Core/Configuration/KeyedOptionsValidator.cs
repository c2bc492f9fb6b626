using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Guild.Core.Configuration;

/// <summary>
/// Validates an options object with its data annotations and <see cref="IValidatableObject"/> rules, recursing into
/// nested option classes, and reports each failure under its full configuration key (<c>Chain:Embedded:ChainId</c>).
/// The stock DataAnnotations validator names only the property, which is not what an operator sets.
/// </summary>
public sealed class KeyedOptionsValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = Collect(options, section);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Collect(object options, string prefix)
    {
        var errors = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [""];
            foreach (var member in members)
            {
                var key = member.Length == 0 ? prefix : $"{prefix}:{member}";
                errors.Add($"{key}: {result.ErrorMessage}");
            }
        }

        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!IsNestedOptions(property.PropertyType) || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            if (property.GetValue(options) is { } nested)
            {
                errors.AddRange(Collect(nested, $"{prefix}:{property.Name}"));
            }
        }
        return errors;
    }

    // Only our own option classes nest; strings, collections and framework types are leaves.
    private static bool IsNestedOptions(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Guild.", StringComparison.Ordinal) == true;
}
