using Guild.Core.Allocation.Epochs;
using Guild.Core.Configuration;
using Guild.Core.Data;
using Guild.Core.Governance;
using Guild.Jobs.Allocation;
using Guild.Jobs.Chain;
using Guild.Jobs.Demo;
using Guild.Jobs.Ingestion;
using Guild.Jobs.Mail;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guild.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire with storage that follows the database (an embedded SQLite file beside the guild database, or a
    /// <c>hangfire</c> schema in PostgreSQL), the job classes, their recurring schedules and, unless switched off,
    /// a processing server. Call after AddGuildData and AddGuildChain so the server starts after migrations and the chain.
    /// </summary>
    public static JobsOptions AddGuildJobs(this IHostApplicationBuilder builder, GuildDatabase database)
    {
        var jobs = builder.AddValidatedOptions<JobsOptions>(JobsOptions.Section);
        var pollInterval = TimeSpan.FromSeconds(jobs.PollIntervalSeconds);

        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (database.Provider)
            {
                case DatabaseProvider.Sqlite:
                    config.UseSQLiteStorage(SqliteStoragePath(database), new SQLiteStorageOptions
                    {
                        QueuePollInterval = pollInterval,
                        JournalMode = SQLiteStorageOptions.JournalModes.WAL,
                    });
                    break;
                case DatabaseProvider.PostgreSQL:
                    config.UsePostgreSqlStorage(
                        o => o.UseNpgsqlConnection(database.ConnectionString),
                        new PostgreSqlStorageOptions
                        {
                            SchemaName = HangfireSchemaInstaller.Schema,
                            QueuePollInterval = pollInterval,
                            // LISTEN/NOTIFY wakes idle workers as soon as a job is enqueued.
                            EnableLongPolling = true,
                            InvisibilityTimeout = TimeSpan.FromSeconds(jobs.InvisibilityTimeoutSeconds),
                            UseSlidingInvisibilityTimeout = true,
                            DistributedLockTimeout = TimeSpan.FromSeconds(jobs.DistributedLockTimeoutSeconds),
                            PrepareSchemaIfNecessary = false, // HangfireSchemaInstaller does it, in order
                        });
                    break;
            }
        });

        builder.Services.AddHostedService<HangfireSchemaInstaller>();
        builder.Services.AddTransient<RecordChainHeadJob>();
        builder.Services.AddTransient<IndexChainEventsJob>();
        builder.Services.AddGuildEpochs();
        builder.Services.AddGuildGovernance();
        builder.Services.AddTransient<ComputeEpochJob>();
        builder.Services.AddScoped<EpochJobs>();
        builder.Services.AddScoped<EpochVetoes>();
        builder.Services.AddTransient<PublishEpochJob>();
        builder.Services.AddTransient<SeedDemoDataJob>();
        builder.Services.AddScoped<Licensing.LicenseMail>();
        builder.Services.AddTransient<Licensing.LicenseReminderJob>();
        builder.Services.AddTransient<Members.MemberRoles>();
        builder.Services.AddTransient<Members.RoadmapNotifications>();
        builder.AddGuildIngestion();
        builder.AddGuildMail();                  // SMTP options, the outbox and SendMailJob
        builder.Services.AddSingleton(TimeProvider.System);
        if (jobs.ScheduleRecurringJobs)
        {
            builder.Services.AddHostedService<RecurringJobsRegistrar>();
        }
        if (jobs.ServerEnabled)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = jobs.WorkerCount;
                o.SchedulePollingInterval = pollInterval;
            });
        }
        builder.Services.AddHostedService<HeartbeatFile>();
        return jobs;
    }

    /// <summary>Hangfire's SQLite file sits beside the guild database so the embedded default keeps one data folder.</summary>
    private static string SqliteStoragePath(GuildDatabase database)
    {
        var file = database.SqliteFile;
        var directory = Path.GetDirectoryName(file)!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, Path.GetFileNameWithoutExtension(file) + ".hangfire.db");
    }
}
