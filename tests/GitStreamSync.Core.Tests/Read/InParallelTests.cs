using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Read;

/// <summary>The files of a large repository are read and edited on all cores: the results keep the files' order, and a failure is itself.</summary>
public sealed class InParallelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(InParallel.SequentialBelow - 1)]
    [InlineData(InParallel.SequentialBelow)]
    [InlineData(1000)]
    public void The_results_come_in_the_order_of_the_items(int count)
    {
        var items = Enumerable.Range(0, count).Select(i => $"streams/is{i:D4}.yaml").ToList();

        var results = InParallel.Map(items, path => path.ToUpperInvariant());

        Assert.Equal(items.Select(path => path.ToUpperInvariant()), results);
    }

    [Theory]
    [InlineData(InParallel.SequentialBelow - 1)]
    [InlineData(1000)]
    public void A_failure_surfaces_as_itself_not_wrapped(int count)
    {
        var items = Enumerable.Range(0, count).ToList();

        var failure = Assert.Throws<InvalidOperationException>(() => InParallel.Map(items, i => i == count / 2 ? throw new InvalidOperationException($"item {i}") : i));

        Assert.Equal($"item {count / 2}", failure.Message);
    }
}
