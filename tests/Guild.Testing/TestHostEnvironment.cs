using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Guild.Testing;

/// <summary>An <see cref="IHostEnvironment"/> rooted at the repository, for services built by hand in tests.</summary>
public sealed class TestHostEnvironment : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "Testing";
    public string ApplicationName { get; set; } = "Guild.Tests";
    public string ContentRootPath { get; set; } = TestEnvironment.RepositoryRoot;
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
