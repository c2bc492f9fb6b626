namespace Guild.Core;

/// <summary>
/// Names and short texts people type (an organisation, a licence, a reason): one line of plain text. Pages escape what
/// they show anyway; refusing markup and control characters at the door keeps them out of exports, mails and the
/// audit trail too.
/// </summary>
public static class PlainText
{
    /// <summary>Why <paramref name="text"/> is not a plain one-line text of at most <paramref name="max"/> characters, or null.</summary>
    public static string? Problem(string? text, int max) => text switch
    {
        null or { Length: 0 } => $"is required (at most {max} characters)",
        { Length: var length } when length > max => $"must be at most {max} characters",
        _ when text.Any(c => char.IsControl(c) || c is '<' or '>') => "must be plain text: no '<', '>' or control characters",
        _ => null,
    };
}
