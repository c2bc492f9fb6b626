using Guild.Core.Allocation.WeightSets;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Core.Allocation.Epochs;

public static class EpochsRegistration
{
    public static IServiceCollection AddGuildEpochs(this IServiceCollection services) => services
        .AddScoped<EpochSnapshotBuilder>()
        .AddScoped<WeightSetLibrary>()
        .AddScoped<CreateEpochCommand>()
        .AddScoped<ChangeEpochCommand>()
        .AddScoped<ComputeEpochCommand>();
}
