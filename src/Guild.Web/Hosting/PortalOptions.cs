using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Guild.Web.Hosting;

/// <summary>
/// Configuration section <c>Portal</c>. <see cref="PublicOrigin"/> is where people reach the portal, e.g.
/// <c>https://guild.example.org</c>: Sign-In with Ethereum messages name it as their domain and URI, so a wallet can tell
/// the person which site asks, and a message issued for another site is refused. It never comes from a request's Host
/// header, which the client chooses. Required outside Development and Testing; there it defaults to the first address the
/// portal listens on (<c>--urls</c>).
/// </summary>
public sealed class PortalOptions : IValidatableObject
{
    public const string Section = "Portal";

    public string? PublicOrigin { get; set; }

    /// <summary>The largest request body Kestrel reads (413 beyond it); the papers import allows 10 MB.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The configured origin, once validated; null when unset.</summary>
    public Uri? Origin => Uri.TryCreate(PublicOrigin?.Trim(), UriKind.Absolute, out var origin) ? origin : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PublicOrigin))
        {
            yield break;
        }
        if (Origin is not { } origin || origin.Scheme is not ("http" or "https") || origin.UserInfo.Length > 0
            || origin.AbsolutePath != "/" || origin.Query.Length > 0 || origin.Fragment.Length > 0 || PublicOrigin.Trim().EndsWith('/'))
        {
            yield return new ValidationResult($"must be an origin such as https://guild.example.org (http or https, a host and an optional port; no path), not '{PublicOrigin}'",
                [nameof(PublicOrigin)]);
        }
    }
}

/// <summary>The portal's public origin: <see cref="PortalOptions.PublicOrigin"/>, or where Kestrel listens when that is unset (Development and Testing).</summary>
public sealed class PortalOrigin(IOptions<PortalOptions> options, IServer server)
{
    private Uri? listening;

    public Uri Current => options.Value.Origin ?? (listening ??= Listening());

    private Uri Listening()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        // A wildcard binding (http://+:8080, http://[::]:8080) is no host a browser can be sent to.
        var builder = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "localhost";
        }
        return new Uri(builder.Uri.GetLeftPart(UriPartial.Authority));
    }
}
