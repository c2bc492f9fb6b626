using Guild.Chain.Blocks;
using Guild.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Chain;

public static class ChainRegistration
{
    public static ChainOptions AddGuildChain(this IHostApplicationBuilder builder)
    {
        var chain = builder.AddValidatedOptions<ChainOptions>(ChainOptions.Section);
        builder.Services.AddSingleton<ChainConnection>();
        builder.Services.AddSingleton<BlockReader>();
        builder.Services.AddHostedService<ChainStartup>();
        return chain;
    }
}
