using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Guild.Testing;

/// <summary>One mail as the test run's smtp4dev received it: its plain-text body and the links in it.</summary>
public sealed partial record ReceivedMail(string Id, string To, string Subject, string Text)
{
    public DateTimeOffset ReceivedAt { get; init; }

    public IReadOnlyList<string> Links => LinkPattern().Matches(Text).Select(m => m.Value).ToList();

    /// <summary>The one link whose path starts with <paramref name="path"/> (for example <c>/Account/ConfirmEmail</c>).</summary>
    public Uri Link(string path) =>
        Links.Select(l => new Uri(l)).SingleOrDefault(u => u.AbsolutePath.StartsWith(path, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"No {path} link in the mail \"{Subject}\" to {To}:{Environment.NewLine}{Text}");

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();
}

/// <summary>
/// Reads the mails of the test run's SMTP server (smtp4dev) through its HTTP API. Tests share the server, so each
/// looks only at mails to its own unique addresses.
/// </summary>
public static class Mailbox
{
    private static readonly HttpClient Http = new() { BaseAddress = TestEnvironment.Smtp.Api, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Every mail to <paramref name="to"/> so far, oldest first.</summary>
    public static async Task<IReadOnlyList<ReceivedMail>> ToAsync(string to)
    {
        var page = await Http.GetFromJsonAsync<JsonElement>($"/api/messages?searchTerms={Uri.EscapeDataString(to)}&pageSize=500");
        var mails = new List<ReceivedMail>();
        foreach (var summary in page.GetProperty("results").EnumerateArray())
        {
            if (!summary.GetProperty("to").EnumerateArray().Any(a => string.Equals(a.GetString(), to, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var id = summary.GetProperty("id").GetString()!;
            var text = await Http.GetStringAsync($"/api/messages/{id}/plaintext");
            mails.Add(new ReceivedMail(id, to, summary.GetProperty("subject").GetString() ?? "", text)
            {
                ReceivedAt = summary.GetProperty("receivedDate").GetDateTimeOffset(),
            });
        }
        return mails.OrderBy(m => m.ReceivedAt).ToList();
    }

    /// <summary>Waits for the <paramref name="count"/>-th mail to <paramref name="to"/> (sending is a background job) and returns it.</summary>
    public static async Task<ReceivedMail> WaitForAsync(string to, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var mails = await ToAsync(to);
            if (mails.Count >= count)
            {
                return mails[count - 1];
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{mails.Count} mail(s) to {to} within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s; expected {count}.");
            }
            await Task.Delay(200);
        }
    }
}
