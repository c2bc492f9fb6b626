namespace Guild.Web.Members;

/// <summary>A demo member: login, wallet key, the $AGI locked and for how long, and their ranking on the demo roadmap vote.</summary>
internal sealed record DemoMember(string Email, string PrivateKey, long Agi, int Weeks, IReadOnlyList<int> Ranking);
