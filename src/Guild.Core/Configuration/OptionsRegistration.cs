using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Guild.Core.Configuration;

public static class OptionsRegistration
{
    /// <summary>
    /// Binds <paramref name="section"/> to <typeparamref name="T"/>, validates it now and again at start
    /// (<c>ValidateOnStart</c>), and returns the value so registration code can branch on it (which database provider,
    /// whether to start anvil). A bad value throws <see cref="GuildConfigurationException"/> naming the key.
    /// </summary>
    public static T AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section) where T : class, new()
    {
        T value;
        try
        {
            value = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own message already names the key and the value it could not convert.
            throw new GuildConfigurationException([ex.Message], ex);
        }

        var errors = KeyedOptionsValidator<T>.Collect(value, section);
        if (errors.Count > 0)
        {
            throw new GuildConfigurationException(errors);
        }

        builder.Services.AddSingleton<IValidateOptions<T>>(new KeyedOptionsValidator<T>(section));
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        return value;
    }
}
