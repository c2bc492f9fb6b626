using Ganss.Xss;
using Markdig;

namespace Guild.Core.Governance;

/// <summary>What rendering a proposal body found: the safe HTML, and what the sanitiser had to remove.</summary>
/// <param name="Html">Sanitised HTML, safe to put in a page as is.</param>
/// <param name="Removed">Each tag, attribute or style the sanitiser dropped ("script tag", "onclick attribute"…).</param>
public sealed record RenderedMarkdown(string Html, IReadOnlyList<string> Removed);

/// <summary>
/// Renders a proposal's markdown to HTML with Markdig (CommonMark plus tables, task lists, emphasis extras and
/// autolinks) and sanitises the result with HtmlSanitizer, which keeps an allow-list of tags, attributes, URL schemes
/// and CSS: no script, event handler, <c>javascript:</c> URL, frame or form survives. A proposal whose body needed
/// anything removed is refused outright (the proposer sees what), so what voters read is exactly what was written.
/// </summary>
public static class ProposalMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().UseTaskLists().UseListExtras()
        .Build();

    public static RenderedMarkdown Render(string markdown)
    {
        var removed = new List<string>();
        var html = Markdown.ToHtml(markdown, Pipeline);
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        // Task-list checkboxes (rendered disabled) are the only form control a proposal may show: no form posts anywhere.
        foreach (var control in new[] { "form", "button", "select", "option", "optgroup", "textarea", "fieldset", "legend", "label", "datalist", "output" })
        {
            sanitizer.AllowedTags.Remove(control);
        }
        sanitizer.AllowedTags.Add("input");
        sanitizer.AllowedAttributes.Add("checked");
        sanitizer.AllowedAttributes.Add("disabled");
        sanitizer.AllowedAttributes.Add("class"); // Markdig's own classes (task lists, tables); no style sheet gives them power
        sanitizer.RemovingTag += (_, e) => removed.Add($"{e.Tag.NodeName.ToLowerInvariant()} tag");
        sanitizer.RemovingAttribute += (_, e) => removed.Add($"{e.Attribute.Name.ToLowerInvariant()} attribute");
        sanitizer.RemovingStyle += (_, e) => removed.Add($"style {e.Style.Name}");
        sanitizer.RemovingAtRule += (_, e) => removed.Add("CSS at-rule");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { NodeName: "INPUT" } input && input.GetAttribute("type") != "checkbox")
            {
                removed.Add("input tag");
                input.Remove();
            }
            else if (e.Node is AngleSharp.Dom.IElement { NodeName: "A" } link)
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        };
        var safe = sanitizer.Sanitize(html);
        return new RenderedMarkdown(safe, removed.Distinct().ToList());
    }
}
