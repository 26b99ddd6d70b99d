using GitStreamSync.Core.Ports;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>An annotation or label value comes from whoever built the image: a long one is cut, a short one kept as it is.</summary>
public sealed class ProvenanceLabelsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ProvenanceLabels.MaxValueCharacters - 1)]
    [InlineData(ProvenanceLabels.MaxValueCharacters)]
    public void A_value_up_to_the_bound_is_kept_whole(int length)
    {
        var value = new string('v', length);

        Assert.Same(value, ProvenanceLabels.Bounded(value));
    }

    [Theory]
    [InlineData(ProvenanceLabels.MaxValueCharacters + 1)]
    [InlineData(10_000)]
    public void A_longer_value_is_cut_to_the_bound_with_an_ellipsis(int length)
    {
        var value = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));

        var bounded = ProvenanceLabels.Bounded(value);

        Assert.Equal(value[..ProvenanceLabels.MaxValueCharacters] + "…", bounded);
    }
}
