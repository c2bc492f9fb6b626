using Microsoft.Extensions.DependencyInjection;

namespace Guild.Core.Allocation.Epochs;

public static class EpochsRegistration
{
    public static IServiceCollection AddGuildEpochs(this IServiceCollection services) => services
        .AddScoped<EpochSnapshotBuilder>()
        .AddScoped<CreateEpochCommand>()
        .AddScoped<ChangeEpochCommand>()
        .AddScoped<ComputeEpochCommand>();
}
