using Guild.Core.Governance;

namespace Guild.Core.Tests.Governance;

public class ProposalMarkdownTests
{
    [Fact]
    public void Render_Markdown_BecomesHtml()
    {
        var rendered = ProposalMarkdown.Render("# Plan\n\n- **train** a model\n- [docs](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |");

        Assert.Empty(rendered.Removed);
        Assert.Contains("<h1", rendered.Html);
        Assert.Contains("<strong>train</strong>", rendered.Html);
        Assert.Contains("<table>", rendered.Html);
        Assert.Contains("href=\"https://example.org\"", rendered.Html);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", rendered.Html);
    }

    [Theory]
    [InlineData("Hello <script>alert(1)</script>", "script tag")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror attribute")]
    [InlineData("<a href=\"#\" onclick=\"steal()\">x</a>", "onclick attribute")]
    [InlineData("[click](javascript:alert(1))", "href attribute")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "iframe tag")]
    [InlineData("<svg><script>alert(1)</script></svg>", "svg tag")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">x</div>", "style")]
    [InlineData("<form action=\"https://evil.example\"><input name=p></form>", "form tag")]
    public void Render_ScriptOrHandler_IsRemovedAndReported(string markdown, string expected)
    {
        var rendered = ProposalMarkdown.Render(markdown);

        Assert.Contains(rendered.Removed, r => r.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", rendered.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_TaskList_KeepsDisabledCheckboxes()
    {
        var rendered = ProposalMarkdown.Render("- [x] done\n- [ ] to do");

        Assert.Empty(rendered.Removed);
        Assert.Contains("type=\"checkbox\"", rendered.Html);
    }
}
