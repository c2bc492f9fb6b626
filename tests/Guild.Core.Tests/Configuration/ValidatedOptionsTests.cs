using Guild.Core.Configuration;
using Guild.Core.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Core.Tests.Configuration;

public class ValidatedOptionsTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return builder;
    }

    [Fact]
    public void AddValidatedOptions_WithDefaults_ReturnsSqlite()
    {
        var options = Builder().AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);

        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.True(options.MigrateAtStartup);
    }

    [Fact]
    public void AddValidatedOptions_PostgresWithoutConnectionString_NamesTheKey()
    {
        var builder = Builder(("Database:Provider", "PostgreSQL"));

        var error = Assert.Throws<GuildConfigurationException>(() => builder.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section));

        var line = Assert.Single(error.Errors);
        Assert.StartsWith("Database:ConnectionString: is required when Database:Provider is PostgreSQL", line);
    }

    [Fact]
    public void AddValidatedOptions_UnknownProvider_NamesKeyAndValue()
    {
        var builder = Builder(("Database:Provider", "Oracle"));

        var error = Assert.Throws<GuildConfigurationException>(() => builder.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section));

        Assert.Contains("Database:Provider", error.Message);
        Assert.Contains("Oracle", error.Message);
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=")]
    [InlineData("PostgreSQL", "Database=guild")]
    [InlineData("PostgreSQL", "Host=db;Bogus Keyword=1")]
    public void AddValidatedOptions_BadConnectionString_NamesTheKey(string provider, string connectionString)
    {
        var builder = Builder(("Database:Provider", provider), ("Database:ConnectionString", connectionString));

        var error = Assert.Throws<GuildConfigurationException>(() => builder.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section));

        Assert.StartsWith("Database:ConnectionString: ", Assert.Single(error.Errors));
    }

    [Fact]
    public void Collect_NestedOptions_ReportsFullKeyPath()
    {
        var errors = KeyedOptionsValidator<Outer>.Collect(new Outer { Inner = new Inner { Count = -1 } }, "Sample");

        Assert.Equal(["Sample:Inner:Count: The field Count must be between 0 and 10."], errors);
    }

    [Fact]
    public async Task ValidateOnStart_ValueChangedAfterRegistration_FailsAtStart()
    {
        // Registration validated the values it saw; a source changed later is still validated when the host starts.
        var builder = Builder(("Sample:Inner:Count", "3"));
        builder.AddValidatedOptions<Outer>("Sample");
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("Sample:Inner:Count", (string?)"11")]);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Sample:Inner:Count", error.Message);
    }

    public sealed class Outer
    {
        public Inner Inner { get; set; } = new();
    }

    public sealed class Inner
    {
        [System.ComponentModel.DataAnnotations.Range(0, 10)]
        public int Count { get; set; }
    }
}
