using System.Text.Json;
using Guild.Core.Contributions;

namespace Guild.Core.Allocation.Epochs;

/// <summary>A contribution a steward flagged or unflagged by hand, with the note that went into the epoch's snapshot.</summary>
public sealed record StewardNote(string Contribution, string? Title, bool Flagged, string Note);

/// <summary>
/// The stewards' decisions an epoch was computed with, kept as a small artifact of their own: rule flags are many and
/// routine (report.json lists them), a steward's are few and belong on the epoch's page.
/// </summary>
public static class StewardNotes
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<StewardNote> From(EpochSnapshot snapshot) => snapshot.Contributions
        .Where(c => c.Note is { } note && note.Contains(ContributionFlagReview.StewardMarker, StringComparison.Ordinal))
        .OrderBy(c => c.Id, StringComparer.Ordinal)
        .Select(c => new StewardNote(c.Id, c.Title, c.Flagged, c.Note!))
        .ToList();

    public static byte[] Write(IReadOnlyList<StewardNote> notes) => JsonSerializer.SerializeToUtf8Bytes(notes, Options);

    public static IReadOnlyList<StewardNote> Read(byte[] json) => JsonSerializer.Deserialize<List<StewardNote>>(json, Options) ?? [];
}
