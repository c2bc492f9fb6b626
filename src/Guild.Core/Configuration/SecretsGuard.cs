using Microsoft.Extensions.Configuration;

namespace Guild.Core.Configuration;

public static class SecretsGuard
{
    /// <summary>
    /// A key, token or password in appsettings*.json would end up in the repository or an image: refuse to start when
    /// any of <paramref name="keys"/> comes from a configuration file rather than the environment or a secret store.
    /// </summary>
    public static void RefuseSecretsInFiles(this IConfiguration configuration, params string[] keys)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return;
        }
        var found = keys
            .Where(key => root.Providers.OfType<FileConfigurationProvider>().Any(p => p.TryGet(key, out var value) && !string.IsNullOrEmpty(value)))
            .Select(key => $"{key}: must not be in a configuration file; pass it through the environment or a secret store")
            .ToList();
        if (found.Count > 0)
        {
            throw new GuildConfigurationException(found);
        }
    }
}
