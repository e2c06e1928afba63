using Proxima.Cli;

namespace Proxima.Tests.Cli;

/// <summary>Runs the <c>proxima</c> command line in process and captures its exit code and both output streams.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
