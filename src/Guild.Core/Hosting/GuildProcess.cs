namespace Guild.Core.Hosting;

/// <summary>The entry-point wrapper of the portal and the worker: a known start-up failure prints one clear message and exits non-zero.</summary>
public static class GuildProcess
{
    public static async Task<int> RunAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (Exception ex) when (StartupFailure.Explain(ex) is { } failure)
        {
            await Console.Error.WriteLineAsync($"Guild cannot start. {failure.Message}");
            return failure.ExitCode;
        }
    }
}
