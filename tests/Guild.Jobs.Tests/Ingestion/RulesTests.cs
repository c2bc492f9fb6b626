using Guild.Core.Contributions;
using Guild.Jobs.Ingestion;

namespace Guild.Jobs.Tests.Ingestion;

public class RulesTests
{
    [Theory]
    [InlineData("Fix loader (#1234)", 1234)]
    [InlineData("Fix loader (#1234) [no ci]", 1234)]
    [InlineData("Merge pull request #87 from someone/branch", 87)]
    [InlineData("Revert \"Fix loader (#1234)\"", null)]
    [InlineData("Revert \"Fix loader (#1234)\" (#1250)", 1250)]
    [InlineData("Fix #12 in loader", null)]
    public void PullRequestNumber_Subject_ReadsTheNumberGitHubWrote(string subject, int? expected) =>
        Assert.Equal(expected, CommitMessages.PullRequestNumber(subject));

    [Theory]
    [InlineData("12345+octocat@users.noreply.github.com", "octocat")]
    [InlineData("octocat@users.noreply.github.com", "octocat")]
    [InlineData("49699333+dependabot[bot]@users.noreply.github.com", "dependabot[bot]")]
    [InlineData("octocat@example.org", null)]
    public void LoginFromNoreply_Email_ReturnsTheLogin(string email, string? login) =>
        Assert.Equal(login, ContributionRules.LoginFromNoreply(email));

    [Theory]
    [InlineData("package-lock.json", true)]
    [InlineData("web/yarn.lock", true)]
    [InlineData("vendor/github.com/x/y.go", true)]
    [InlineData("llama/vendor/ggml.c", true)]
    [InlineData("static/app.min.js", true)]
    [InlineData("src/model.py", false)]
    [InlineData("docs/vendoring.md", false)]
    public void IsFlagged_DefaultRules_FlagsGeneratedVendoredAndLockFiles(string path, bool flagged) =>
        Assert.Equal(flagged, ContributionRules.Default.Paths.IsFlagged(path));

    [Fact]
    public void IsBot_ConfiguredLogin_IsABotLikeTheSuffix()
    {
        var rules = new ContributionRules(new ContributionsOptions { BotLogins = ["ci-runner"] });

        Assert.True(rules.IsBot("CI-Runner"));
        Assert.True(rules.IsBot("renovate[bot]"));
        Assert.False(rules.IsBot("alice"));
    }

    [Fact]
    public void CoAuthors_RepeatedEmail_KeepsOnePerEmail()
    {
        var message = "Subject\n\nBody\n\nCo-authored-by: A <a@x.org>\nco-authored-by: A2 <A@x.org>\nCo-Authored-By: B <b@x.org>\n";

        Assert.Equal([("A", "a@x.org"), ("B", "b@x.org")], CommitMessages.CoAuthors(message));
    }

    [Theory]
    [InlineData("0 * * * *", true)]
    [InlineData("*/15 2-4 * * 1,3", true)]
    [InlineData("99 * * * *", false)]
    [InlineData("* * *", false)]
    public void IsCron_Expression_AcceptsOnlyValidFiveFieldCrons(string cron, bool valid) =>
        Assert.Equal(valid, ContributionsValidation.IsCron(cron));
}
