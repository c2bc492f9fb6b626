using Guild.Chain.Blocks;
using Guild.Chain.Deployment;
using Guild.Chain.Indexing;
using Guild.Chain.Licensing;
using Guild.Chain.Rewards;
using Guild.Chain.Signing;
using Guild.Chain.Transactions;
using Guild.Chain.Voting;
using Guild.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Chain;

public static class ChainRegistration
{
    private static readonly string[] SecretKeys = ["Chain:Signer:PrivateKey", "Chain:Signer:KeystorePassword"];

    public static ChainOptions AddGuildChain(this IHostApplicationBuilder builder)
    {
        builder.Configuration.RefuseSecretsInFiles(SecretKeys);
        var chain = builder.AddValidatedOptions<ChainOptions>(ChainOptions.Section);
        builder.Services.AddSingleton<ChainConnection>();
        builder.Services.AddSingleton<ChainSigner>();
        builder.Services.AddSingleton<BlockReader>();
        builder.Services.AddSingleton<SignerLock>();
        builder.Services.AddScoped<TransactionSender>();
        builder.Services.AddScoped<DeployedContracts>();
        builder.Services.AddScoped<RewardsPublisher>();
        builder.Services.AddScoped<GovernedWeightsReader>();
        builder.Services.AddScoped<LicenseService>();
        builder.Services.AddSingleton<DeclarationSignatures>();
        builder.Services.AddScoped<VotingPowerReader>();
        builder.Services.AddScoped<EscrowReader>();
        builder.Services.AddScoped<Guild.Core.Governance.IVotingPower, RoadmapVotingPower>();
        builder.Services.AddScoped<EventIndexer>();
        builder.Services.AddScoped<Wallets.WalletLinking>();
        builder.Services.AddSingleton<Wallets.WalletSignatures>();
        builder.Services.AddScoped<Claims.ClaimedAmounts>();
        builder.Services.AddScoped<Embedded.DevTreasury>();
        builder.Services.AddScoped<Rewards.RewardsFunding>();
        builder.Services.AddSingleton(TimeProvider.System);

        var artifacts = ContractArtifacts.Find(chain.Deployment.ArtifactsPath,
            builder.Environment.ContentRootPath, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        if (artifacts is not null)
        {
            builder.Services.AddSingleton(artifacts);
            builder.Services.AddScoped<SuiteDeployer>();
        }
        else if (chain.Deployment.ArtifactsPath is not null || chain.Deployment.AutoDeploy == true)
        {
            throw new GuildConfigurationException(["Chain:Deployment:ArtifactsPath: no contract artifacts found (run `npm run export` in solidity/)"]);
        }
        builder.Services.AddHostedService<ChainStartup>();
        return chain;
    }

}
