namespace Guild.Web.Tests.Infrastructure;

/// <summary>Posts a static (SSR) form the way a browser does: the page's antiforgery token and the form's name as <c>_handler</c>.</summary>
public static class StaticForms
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, string formName, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var body = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = GuildWebFactory.AntiforgeryToken(page),
            ["_handler"] = formName,
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    /// <summary>Submits and returns the page the post answers with, following one redirect.</summary>
    public static async Task<string> SubmitAndReadAsync(HttpClient client, string url, string formName, IDictionary<string, string> fields)
    {
        var response = await SubmitAsync(client, url, formName, fields);
        if (response.Headers.Location is { } location)
        {
            return await client.GetStringAsync(location.IsAbsoluteUri ? location : new Uri(client.BaseAddress!, location));
        }
        return await response.Content.ReadAsStringAsync();
    }
}
