using Proxima.Tracking;

namespace Proxima.Tests.Tracking;

public sealed class MlflowYamlTests
{
    [Fact]
    public void WritesSortedTypedFieldsAndReadsThemBack()
    {
        string text = MlflowYaml.Write(new Dictionary<string, object?>
        {
            ["name"] = "it's a run",
            ["experiment_id"] = "0",
            ["status"] = 3,
            ["start_time"] = 1767323045123L,
            ["end_time"] = null,
            ["tags"] = Array.Empty<string>(),
            ["note"] = "two\nlines \"quoted\"",
        });

        Assert.Equal(
            "end_time: null\nexperiment_id: '0'\nname: 'it''s a run'\nnote: \"two\\nlines \\\"quoted\\\"\"\n"
            + "start_time: 1767323045123\nstatus: 3\ntags: []\n",
            text);

        var read = MlflowYaml.Read(text);
        Assert.Equal("it's a run", read["name"]);
        Assert.Equal("0", read["experiment_id"]);
        Assert.Equal("3", read["status"]);
        Assert.Null(read["end_time"]);
        Assert.Equal("two\nlines \"quoted\"", read["note"]);
    }
}
