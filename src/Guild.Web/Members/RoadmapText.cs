using Guild.Core.Governance;

namespace Guild.Web.Members;

/// <summary>Words for the roadmap pages.</summary>
public static class RoadmapText
{
    public static string TypeName(VoteType type) => type switch
    {
        VoteType.SingleChoice => "single choice",
        VoteType.Approval => "approval",
        VoteType.RankedChoice => "ranked choice",
        _ => type.ToString(),
    };
}
