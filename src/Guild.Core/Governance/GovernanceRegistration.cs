using Microsoft.Extensions.DependencyInjection;

namespace Guild.Core.Governance;

public static class GovernanceRegistration
{
    /// <summary>Roadmap proposals and votes; the host registers an <see cref="IVotingPower"/> (Guild.Chain's).</summary>
    public static IServiceCollection AddGuildGovernance(this IServiceCollection services) => services
        .AddScoped<CreateRoadmapProposalCommand>()
        .AddScoped<CastRoadmapVoteCommand>();
}
