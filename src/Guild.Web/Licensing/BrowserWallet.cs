using System.Numerics;
using Microsoft.JSInterop;

namespace Guild.Web.Licensing;

/// <summary>The person's browser wallet (EIP-1193) as the licence page reaches it, through <c>wwwroot/js/license-wallet.js</c>.</summary>
public sealed class BrowserWallet(IJSObjectReference module) : IAsyncDisposable
{
    /// <summary>A wallet's answer: the value, or why it did not give one (the person declined, no wallet, wrong network).</summary>
    public sealed record Answer(bool Ok, string? Value);

    public static async Task<BrowserWallet> OpenAsync(IJSRuntime js) =>
        new(await js.InvokeAsync<IJSObjectReference>("import", "./js/license-wallet.js"));

    public ValueTask<bool> HasWalletAsync() => module.InvokeAsync<bool>("hasWallet");

    public ValueTask<Answer> AccountAsync() => module.InvokeAsync<Answer>("account");

    public ValueTask<Answer> ChainIdAsync() => module.InvokeAsync<Answer>("chainId");

    public ValueTask<Answer> SignTypedDataAsync(string address, string typedData) => module.InvokeAsync<Answer>("signTypedData", address, typedData);

    public ValueTask<Answer> SendAsync(string from, string to, string data, BigInteger value, BigInteger? gas) =>
        module.InvokeAsync<Answer>("send", from, to, data, value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            gas?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone: so is the module.
        }
    }
}
