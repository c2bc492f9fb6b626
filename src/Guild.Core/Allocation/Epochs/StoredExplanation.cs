using System.Text.Json;
using System.Text.Json.Serialization;

namespace Guild.Core.Allocation.Epochs;

/// <summary>
/// What an epoch's computation keeps of a contributor's explanation, beside their line: the score by contribution type
/// and the top contributions behind it. Stored once when the epoch is computed, so that "why did they get this" is a
/// row read for anyone who asks, never a recomputation of the allocation.
/// </summary>
public sealed record StoredExplanation(IReadOnlyList<TypeShare> ByType, IReadOnlyList<ContributionShare> TopContributions)
{
    /// <summary>How many contributions are kept per contributor.</summary>
    public const int Top = 10;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Write(ContributorExplanation explanation) =>
        JsonSerializer.Serialize(new StoredExplanation(explanation.ByType, explanation.TopContributions), Options);

    public static StoredExplanation Read(string json) =>
        JsonSerializer.Deserialize<StoredExplanation>(json, Options) ?? throw new FormatException("An empty stored explanation.");

    /// <summary>The whole explanation again, with what the epoch and the line already hold.</summary>
    public ContributorExplanation For(Epoch epoch, EpochContributor line, int top = Top) => new(
        line.Contributor, epoch.Number, epoch.WeightsVersion ?? "", epoch.WeightsHash ?? "", line.ScoreShare, line.EpochWei,
        ByType, TopContributions.Take(top).ToArray());
}
