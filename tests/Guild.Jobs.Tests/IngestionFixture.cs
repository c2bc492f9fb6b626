using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Jobs.Ingestion;
using Guild.Testing;
using Guild.Testing.GitHub;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Jobs.Tests;

/// <summary>
/// One migrated PostgreSQL database and one loopback GitHub per test class. Tests use their own repositories (unique
/// owner/name), so they need no cleanup. Services are the real registrations (AddGuildData + AddGuildIngestion) with a
/// recording <see cref="IBackgroundJobClient"/> in place of Hangfire's, so a test sees what a job scheduled.
/// </summary>
public sealed class IngestionFixture : IAsyncLifetime
{
    private PostgresDatabase? database;

    public LoopbackGitHub GitHub { get; private set; } = null!;

    public string DataDirectory { get; } = TestEnvironment.NewTempDirectory("ingestion");

    public async Task InitializeAsync()
    {
        database = await PostgresDatabase.CreateAsync("ingestion");
        GitHub = await LoopbackGitHub.StartAsync();
        await using var services = CreateServices();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GuildDbContext>().Database.MigrateAsync();
    }

    public ServiceProvider CreateServices(params (string Key, string? Value)[] settings) => CreateServices(out _, settings);

    public ServiceProvider CreateServices(out RecordingJobClient jobs, params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["Database:ConnectionString"] = database!.ConnectionString,
            ["DataDirectory"] = DataDirectory,
            ["GitHub:RequestTimeoutSeconds"] = "2",
            ["GitHub:ReserveRequests"] = "0",
            ["Git:BatchSize"] = "500",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.AddGuildData();
        builder.AddGuildIngestion();
        jobs = new RecordingJobClient();
        builder.Services.AddSingleton<IBackgroundJobClient>(jobs);
        builder.Services.AddSingleton<IRecurringJobManager>(new RecordingRecurringJobs());
        return builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>A tracked repository on the loopback server (an Enterprise host), with a unique name.</summary>
    public async Task<TrackedRepository> TrackAsync(IServiceProvider services, string prefix, string? gitUrl = null, string? host = null)
    {
        await using var scope = services.CreateAsyncScope();
        var add = scope.ServiceProvider.GetRequiredService<AddTrackedRepositoryCommand>();
        var outcome = await add.ExecuteAsync(new TrackedRepositoryInput(
            host ?? GitHub.BaseUrl.ToString(), "guild-test", $"{prefix}-{Guid.NewGuid():N}"[..30], "Collective Ownership License",
            new DateOnly(2029, 1, 1), "MIT", null, gitUrl), CancellationToken.None);
        Assert.Null(outcome.Error);
        return outcome.Value!;
    }

    public async Task DisposeAsync()
    {
        await GitHub.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
        Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>Records the jobs a job enqueued or scheduled instead of storing them.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    public List<(Job Job, IState State)> Created { get; } = [];

    public string Create(Job job, IState state)
    {
        lock (Created)
        {
            Created.Add((job, state));
            return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}

public sealed class RecordingRecurringJobs : IRecurringJobManager
{
    public Dictionary<string, (Job Job, string Cron)> Jobs { get; } = [];

    public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) => Jobs[recurringJobId] = (job, cronExpression);

    public void Trigger(string recurringJobId) { }

    public void RemoveIfExists(string recurringJobId) => Jobs.Remove(recurringJobId);
}
