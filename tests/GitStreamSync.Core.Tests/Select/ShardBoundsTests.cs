using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>The limits of <c>--shard K/N</c> and of the stream-to-shard assignment.</summary>
public sealed class ShardBoundsTests
{
    [Theory]
    [InlineData(0, 0, "count")]
    [InlineData(0, 1025, "count")]
    [InlineData(-1, 3, "index")]
    [InlineData(3, 3, "index")]
    public void A_shard_outside_K_from_0_to_N_minus_1_and_N_from_1_to_1024_cannot_be_made_and_the_error_names_the_wrong_one(int index, int count, string wrong) =>
        Assert.Equal(wrong, Assert.Throws<ArgumentOutOfRangeException>(() => new Shard(index, count)).ParamName);

    [Fact]
    public void The_largest_count_is_accepted_and_a_good_shard_has_no_error()
    {
        Assert.True(Shard.TryParse("1023/1024", out var shard, out var error));
        Assert.Equal(new Shard(1023, 1024), shard);
        Assert.Equal("", error);
    }

    [Fact]
    public void No_text_is_refused_as_not_K_slash_N()
    {
        Assert.False(Shard.TryParse(null, out var shard, out var error));
        Assert.Null(shard);
        Assert.StartsWith("'' is not K/N", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_part_needs_a_path_a_name_and_at_least_one_part()
    {
        Assert.Throws<ArgumentNullException>(() => Shard.Of(null!, "app", 2));
        Assert.Throws<ArgumentNullException>(() => Shard.Of("app.yaml", null!, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shard.Of("app.yaml", "app", 0));
    }
}
