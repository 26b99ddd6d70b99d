using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Tests.Select;

public sealed class ShardTests
{
    private static readonly (string File, string Name)[] Streams =
        [.. Enumerable.Range(0, 400).Select(i => ($"imagestreams/team-{i % 17}/app-{i}.yaml", $"app-{i % 23}"))];

    [Fact]
    public void Every_stream_is_in_exactly_one_shard_for_every_count_from_1_to_16()
    {
        for (var count = 1; count <= 16; count++)
        {
            foreach (var (file, name) in Streams)
            {
                var owners = Enumerable.Range(0, count).Where(index => new Shard(index, count).Contains(file, name)).ToList();
                Assert.Single(owners);
                Assert.Equal(Shard.Of(file, name, count), owners[0]);
            }
        }
    }

    [Fact]
    public void Every_shard_gets_streams_when_there_are_many_more_streams_than_shards()
    {
        for (var count = 1; count <= 16; count++)
        {
            var sizes = Streams.GroupBy(s => Shard.Of(s.File, s.Name, count)).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(count, sizes.Count);
            Assert.True(sizes.Values.Min() >= Streams.Length / count / 3, $"N={count}: shard sizes {string.Join(",", sizes.Values)}");
        }
    }

    /// <summary>
    /// Fixed values: the assignment must be the same in every process and on every machine of a run
    /// (a per-process hash such as string.GetHashCode would scatter a stream across shards).
    /// </summary>
    [Theory]
    [InlineData("imagestreams/python.yaml", "python", 3, 1)]
    [InlineData("imagestreams/base-images.yaml", "ubi9", 3, 1)]
    [InlineData("imagestreams/myubuntu.yaml", "myubuntu", 3, 2)]
    [InlineData("imagestreams/myubuntu.yaml", "myubuntu", 16, 8)]
    public void A_stream_has_the_same_shard_in_every_process(string file, string name, int count, int expected) =>
        Assert.Equal(expected, Shard.Of(file, name, count));

    [Fact]
    public void The_file_path_and_the_stream_name_both_decide()
    {
        var byFile = Enumerable.Range(0, 64).Select(i => Shard.Of($"f{i}.yaml", "same", 8)).Distinct().Count();
        var byName = Enumerable.Range(0, 64).Select(i => Shard.Of("same.yaml", $"s{i}", 8)).Distinct().Count();

        Assert.True(byFile > 1);
        Assert.True(byName > 1);
    }

    [Fact]
    public void Growing_the_count_by_one_moves_few_streams()
    {
        var moved = Streams.Count(s => Shard.Of(s.File, s.Name, 8) != Shard.Of(s.File, s.Name, 9));

        // Consistent hashing moves about 1/9 of the streams; a modulo would move about 8/9.
        Assert.InRange(moved, 1, Streams.Length / 4);
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData("15/16", 15, 16)]
    public void K_slash_N_is_read(string text, int index, int count)
    {
        Assert.True(Shard.TryParse(text, out var shard, out _));
        Assert.Equal(new Shard(index, count), shard);
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("3/3", "K must be from 0 to 2")]
    [InlineData("1/0", "N must be from 1 to 1024")]
    [InlineData("-1/3", "is not K/N")]
    [InlineData("1", "is not K/N")]
    [InlineData("a/b", "is not K/N")]
    [InlineData(" 1/3", "is not K/N")]
    [InlineData("1/3/4", "is not K/N")]
    [InlineData("0/2000", "N must be from 1 to 1024")]
    public void A_bad_shard_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(Shard.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(text, error, StringComparison.Ordinal);
    }
}
