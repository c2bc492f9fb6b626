using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Core.Governance;

public static class GovernanceRegistration
{
    /// <summary>Roadmap proposals and votes; the host registers an <see cref="IVotingPower"/> (Guild.Chain's).</summary>
    public static IServiceCollection AddGuildGovernance(this IServiceCollection services) => services
        .AddScoped<CreateRoadmapProposalCommand>()
        .AddScoped<CastRoadmapVoteCommand>()
        .AddScoped<RevealPrivateBallotsCommand>()
        // Only processes with the portal's data protection (AddGuildDataProtection) open or seal ballot keys; the factory
        // lets a worker, which does neither, start without it.
        .AddSingleton(services => new BallotKeys(services.GetRequiredService<IDataProtectionProvider>()));
}
