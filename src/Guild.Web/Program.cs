using Guild.Chain;
using Guild.Core.Data;
using Guild.Core.Hosting;
using Guild.Jobs;
using Guild.Web.Accounts;
using Guild.Web.Apis;
using Guild.Web.Components;
using Guild.Web.Hosting;
using Guild.Web.Licensing;

return await GuildProcess.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddGuildDefaults();                  // problem details, OpenAPI, health checks
    var database = builder.AddGuildData();       // GuildDbContext; migrations run first at start
    builder.AddGuildChain();                     // Chain:Rpc, or an embedded anvil
    var jobs = builder.AddGuildJobs(database);   // Hangfire storage, job classes, in-process server
    builder.AddGuildAccounts();                  // Identity, roles, demo logins
    builder.AddGuildDataProtection();            // one key ring in the database, sealed at rest
    builder.AddGuildPortal();                    // MudBlazor components
    builder.AddGuildLicensing();                 // the company licence journey and the public register

    var app = builder.Build();

    app.UseGuildPipeline();
    app.MapGuildDefaults();                      // /health/live, /health/ready, /openapi/v1.json
    app.MapChainApi();
    app.MapContributionsApi();                   // tracked repositories, ingestion progress, papers (stewards)
    app.MapEpochsApi();                          // allocations, explanations, audit files; create/compute/publish (stewards)
    app.MapWeightSetsApi();                      // weight-set documents; candidates and their preview (stewards)
    app.MapClaimsApi();                          // a wallet's cumulative amount and proof
    app.MapMyAccountApi();                       // the signed-in contributor: GitHub link, wallet by signature, allocations
    app.MapPeopleApi();                          // stewards: who a person is, merging two people
    app.MapUsersApi();                           // stewards: accounts, granting and revoking roles, the roles' audit trail
    app.MapOrganisationsApi();                   // company accounts: organisations, members, invitations by email
    app.MapLicensesApi();                        // quote, register, a licence (ETag), badge; declare, buy, top up, renew (companies)
    app.MapRoadmapApi();                         // roadmap proposals, signed votes, results and their export
    app.MapJobsDashboard(jobs);                  // /jobs, stewards only
    app.MapGuildAccounts();
    app.MapGuildPortal();

    await app.RunAsync();
});

/// <summary>The portal's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
