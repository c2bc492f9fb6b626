using System.ComponentModel.DataAnnotations;

namespace Guild.Chain.Tests;

/// <summary><c>Chain:Deployment</c> validation of the distributor's challenge window and guardian.</summary>
public class DeploymentOptionsTests
{
    private static List<ValidationResult> Validate(DeploymentOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_ThreeDayWindowAndNoGuardian_AreValid()
    {
        var options = new DeploymentOptions();

        Assert.Equal(259_200, options.ChallengePeriodSeconds);
        Assert.Null(options.Guardian);
        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30L * 24 * 3600)]
    public void ChallengePeriodSeconds_WithinZeroToThirtyDays_IsValid(long seconds) =>
        Assert.Empty(Validate(new DeploymentOptions { ChallengePeriodSeconds = seconds }));

    [Theory]
    [InlineData(-1)]
    [InlineData(30L * 24 * 3600 + 1)]
    public void ChallengePeriodSeconds_OutsideTheContractsBounds_IsRejected(long seconds) =>
        Assert.Contains(Validate(new DeploymentOptions { ChallengePeriodSeconds = seconds }), r => r.MemberNames.Contains(nameof(DeploymentOptions.ChallengePeriodSeconds)));

    [Theory]
    [InlineData("0x12")]
    [InlineData("guardian.eth")]
    public void Guardian_NotAnAddress_IsRejected(string guardian) =>
        Assert.Contains(Validate(new DeploymentOptions { Guardian = guardian }), r => r.MemberNames.Contains(nameof(DeploymentOptions.Guardian)));

    [Fact]
    public void Guardian_AnAddress_IsValid() =>
        Assert.Empty(Validate(new DeploymentOptions { Guardian = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" }));
}
