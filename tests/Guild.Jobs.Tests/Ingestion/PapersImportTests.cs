using Guild.Core;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Jobs.Tests.Ingestion;

public class PapersImportTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    [Fact]
    public async Task ExecuteAsync_ValidCsv_StoresPapersOnceAndUpdatesCitations()
    {
        var doi = $"10.5555/guild.{Guid.NewGuid():N}";
        await using var services = fixture.CreateServices();
        var csv = $"doi,title,authors,citations,published\nhttps://doi.org/{doi},\"Attention, again\",\"@alice; orcid:0000-0002-1825-0097; github:bob\",42,2023-06-01\n";

        var first = await ImportAsync(services, csv);
        var second = await ImportAsync(services, csv.Replace(",42,", ",57,", StringComparison.Ordinal));

        Assert.Equal(new PapersImported(1, 1, 0), first.Value);
        Assert.Equal(new PapersImported(1, 0, 1), second.Value);
        await using var scope = services.CreateAsyncScope();
        var paper = await scope.ServiceProvider.GetRequiredService<GuildDbContext>().Contributions.AsNoTracking()
            .Include(c => c.Author).Include(c => c.CoAuthors).ThenInclude(a => a.Identity)
            .SingleAsync(c => c.Kind == ContributionKind.Paper && c.ExternalId == doi);
        Assert.Equal(57, paper.CitationCount);
        Assert.Equal("Attention, again", paper.Title);
        Assert.Equal("alice", paper.Author!.Login);
        Assert.Equal([IdentityKind.GitHubLogin, IdentityKind.Orcid], paper.CoAuthors.Select(a => a.Identity!.Kind).Order());
    }

    [Fact]
    public async Task ExecuteAsync_OneBadRow_RefusesTheWholeFileNamingTheLine()
    {
        var good = $"10.5555/good.{Guid.NewGuid():N}";
        await using var services = fixture.CreateServices();

        var outcome = await ImportAsync(services, $"doi,title,authors,citations\n{good},Fine,alice,1\nnot-a-doi,Broken,not a login!,-3\n");

        var error = Assert.IsType<InvalidInputError>(outcome.Error);
        var line = Assert.Single(error.Errors);
        Assert.Equal("line 3", line.Key);
        Assert.Equal(4, line.Value.Length); // doi, the author, no valid author left, citations
        await using var scope = services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<GuildDbContext>().Contributions.AnyAsync(c => c.ExternalId == good));
    }

    private static async Task<Outcome<PapersImported>> ImportAsync(ServiceProvider services, string csv)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ImportPapersCommand>().ExecuteAsync(new StringReader(csv), CancellationToken.None);
    }
}
