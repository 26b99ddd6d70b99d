using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read.Yaml;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// Status values are written the way <c>oc get -o yaml</c> (go-yaml) writes them, and whatever a
/// registry or OpenShift puts in a message reads back as the same string: a scalar that YAML 1.1
/// would read as null, a bool, a number or a timestamp is double-quoted, one that a plain scalar
/// cannot hold is quoted, and characters YAML would fold or drop are escaped.
/// </summary>
public sealed class YamlScalarFormatTests
{
    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("y")]
    [InlineData("N")]
    [InlineData("Yes")]
    [InlineData("NO")]
    [InlineData("TRUE")]
    [InlineData("on")]
    [InlineData("Off")]
    [InlineData("<<")]
    [InlineData("=")]
    [InlineData("-1")]
    [InlineData("+.5")]
    [InlineData("1_000")]
    [InlineData("1e3")]
    [InlineData("6.02E+23")]
    [InlineData("0b101")]
    [InlineData("-0x1f")]
    [InlineData("0o17")]
    [InlineData("017")]
    [InlineData("1:20")]
    [InlineData("-1:20:30.5")]
    [InlineData(".inf")]
    [InlineData("-.Inf")]
    [InlineData(".NaN")]
    [InlineData("2021-1-5")]
    [InlineData("2021-11-15 05:06:44")]
    [InlineData("2021-11-15t05:06:44.5+01:00")]
    public void A_string_yaml_1_1_reads_as_another_type_is_double_quoted(string value)
    {
        Assert.Equal("\"" + value + "\"", YamlScalarFormat.String(value));
        AssertReadsBack(value);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("1.0.3")]
    [InlineData("v1")]
    [InlineData("nan")]
    [InlineData("1.0-rc1")]
    [InlineData("a#b")]
    [InlineData("a:b")]
    [InlineData("quay.io/org/app@sha256:abc")]
    [InlineData("Internal error occurred")]
    [InlineData("a 'quoted' word")]
    [InlineData("ünïcode ✓")]
    public void A_string_that_reads_back_plain_is_written_plain(string value)
    {
        Assert.Equal(value, YamlScalarFormat.String(value));
        AssertReadsBack(value);
    }

    [Theory]
    [InlineData("#comment", "'#comment'")]
    [InlineData(",x", "',x'")]
    [InlineData("[x]", "'[x]'")]
    [InlineData("]x", "']x'")]
    [InlineData("{x}", "'{x}'")]
    [InlineData("}x", "'}x'")]
    [InlineData("&anchor", "'&anchor'")]
    [InlineData("*alias", "'*alias'")]
    [InlineData("!tag", "'!tag'")]
    [InlineData("|x", "'|x'")]
    [InlineData(">x", "'>x'")]
    [InlineData("'x", "'''x'")]
    [InlineData("\"x\"", "'\"x\"'")]
    [InlineData("%x", "'%x'")]
    [InlineData("@x", "'@x'")]
    [InlineData("`x", "'`x'")]
    [InlineData("- x", "'- x'")]
    [InlineData("? x", "'? x'")]
    [InlineData(": x", "': x'")]
    [InlineData(" leading", "' leading'")]
    [InlineData("trailing ", "'trailing '")]
    [InlineData("ends:", "'ends:'")]
    [InlineData("key: value", "'key: value'")]
    [InlineData("text # comment", "'text # comment'")]
    [InlineData("it's: here", "'it''s: here'")]
    public void A_string_a_plain_scalar_cannot_hold_is_single_quoted(string value, string expected)
    {
        Assert.Equal(expected, YamlScalarFormat.String(value));
        AssertReadsBack(value);
    }

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("a\tb", "\"a\\tb\"")]
    [InlineData("a\r\nb", "\"a\\r\\nb\"")]
    [InlineData("a\u0001b", "\"a\\u0001b\"")]
    [InlineData("a\u007fb", "\"a\\u007fb\"")]
    [InlineData("a\u0085b", "\"a\\u0085b\"")]
    [InlineData("a\u2028b", "\"a\\u2028b\"")]
    [InlineData("a\u2029b", "\"a\\u2029b\"")]
    [InlineData("a\uFEFFb", "\"a\\ufeffb\"")]
    [InlineData("- a\u2028b", "\"- a\\u2028b\"")]
    [InlineData("a: \u2029", "\"a: \\u2029\"")]
    [InlineData("# \uFEFF", "\"# \\ufeff\"")]
    [InlineData("say \"a\\b\":\n", "\"say \\\"a\\\\b\\\":\\n\"")]
    public void A_string_with_characters_yaml_folds_or_drops_is_double_quoted_with_escapes(string value, string expected)
    {
        Assert.Equal(expected, YamlScalarFormat.String(value));
        AssertReadsBack(value);
    }

    [Theory]
    [InlineData("image \U0001F600")]
    [InlineData("- \U0001F600")]
    public void A_string_outside_the_basic_plane_reads_back(string value) => AssertReadsBack(value);

    [Fact]
    public void A_json_string_escapes_what_json_requires_and_keeps_other_characters()
    {
        const string value = "a\"b\\c\n\r\t\u0001\u001f \u2028\u2029é\u007f\U0001F600";

        var written = YamlScalarFormat.Json(value);

        Assert.Equal("\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f \\u2028\\u2029é\u007f\U0001F600\"", written);
        Assert.Equal(value, System.Text.Json.JsonSerializer.Deserialize<string>(written));
    }

    [Theory]
    [InlineData("double", "\"2026-11-28T06:00:00Z\"")]
    [InlineData("single", "'2026-11-28T06:00:00Z'")]
    [InlineData("plain", "2026-11-28T06:00:00Z")]
    public void A_time_is_written_in_utc_to_the_second_in_the_files_quoting(string quoting, string expected)
    {
        var time = new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(expected, YamlScalarFormat.Time(time, Enum.Parse<TimestampQuoting>(quoting, ignoreCase: true)));
    }

    [Fact]
    public void A_time_with_a_fraction_of_a_second_keeps_it_without_trailing_zeros()
    {
        var time = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero).AddTicks(1_250_000);

        Assert.Equal("\"2026-11-28T06:00:00.125Z\"", YamlScalarFormat.Time(time, TimestampQuoting.Double));
        Assert.Equal("\"2026-11-28T06:00:00.0000001Z\"", YamlScalarFormat.Time(time.AddTicks(-1_249_999), TimestampQuoting.Double));
    }

    private static void AssertReadsBack(string value)
    {
        var root = YamlTreeParser.Parse("k: " + YamlScalarFormat.String(value) + "\n", out var error)[0]!;
        Assert.Null(error);
        Assert.Equal(value, root.Get("k")!.Value);
    }
}
