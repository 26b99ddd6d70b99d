using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Run;

namespace GitStreamSync.Core.Tests.Run;

public sealed class SharedResolutionsTests
{
    private static ResolveRequest Request(string reference) => new(ImageReference.Parse(reference), ImportMode.Legacy, PlatformPreference.Default);

    /// <summary>Answers after a gate opens, counting what it was asked.</summary>
    private sealed class Registry(Task gate) : IDigestResolver
    {
        public List<ResolveRequest> Asked { get; } = [];

        public bool Throw { get; set; }

        public async Task<IReadOnlyDictionary<ResolveRequest, ResolutionOutcome>> ResolveAllAsync(IReadOnlyCollection<ResolveRequest> requests, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.AddRange(requests);
            }

            await gate.WaitAsync(cancellationToken);
            if (Throw)
            {
                throw new InvalidOperationException("the registry client broke");
            }

            return requests.ToDictionary(r => r, r => (ResolutionOutcome)new Resolved(Digest.Parse("sha256:" + new string('a', 64)), "application/vnd.oci.image.manifest.v1+json"));
        }
    }

    [Fact]
    public async Task Repositories_asking_at_once_ask_each_reference_once()
    {
        var gate = new TaskCompletionSource();
        var shared = new SharedResolutions();
        var a = new Registry(gate.Task);
        var b = new Registry(gate.Task);

        var first = shared.Through(a).ResolveAllAsync([Request("alpine:3.20"), Request("ubuntu:24.04")], CancellationToken.None);
        var second = shared.Through(b).ResolveAllAsync([Request("ubuntu:24.04"), Request("nginx:1.27")], CancellationToken.None);
        gate.SetResult();
        var answers = await Task.WhenAll(first, second);

        Assert.Equal(["alpine:3.20", "ubuntu:24.04"], a.Asked.Select(r => r.Reference.ToString()));
        Assert.Equal(["nginx:1.27"], b.Asked.Select(r => r.Reference.ToString()));
        Assert.Equal(answers[0][Request("ubuntu:24.04")], answers[1][Request("ubuntu:24.04")]);
        Assert.Equal(2, answers[1].Count);
        Assert.Equal(3, shared.Asked);
        Assert.Equal(1, shared.Shared);
    }

    [Fact]
    public async Task A_later_repository_takes_the_earlier_answer()
    {
        var shared = new SharedResolutions();
        var a = new Registry(Task.CompletedTask);
        var b = new Registry(Task.CompletedTask);

        await shared.Through(a).ResolveAllAsync([Request("alpine:3.20")], CancellationToken.None);
        var later = await shared.Through(b).ResolveAllAsync([Request("alpine:3.20")], CancellationToken.None);

        Assert.Empty(b.Asked);
        Assert.IsType<Resolved>(later[Request("alpine:3.20")]);
    }

    [Fact]
    public async Task An_ask_that_broke_is_asked_again_by_the_next_repository_and_defers_the_one_waiting()
    {
        var gate = new TaskCompletionSource();
        var shared = new SharedResolutions();
        var broken = new Registry(gate.Task) { Throw = true };
        var waiting = new Registry(Task.CompletedTask);

        var first = shared.Through(broken).ResolveAllAsync([Request("alpine:3.20")], CancellationToken.None);
        var second = shared.Through(waiting).ResolveAllAsync([Request("alpine:3.20")], CancellationToken.None);
        gate.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        var deferred = Assert.IsType<ResolutionFailed>((await second)[Request("alpine:3.20")]);
        Assert.Equal(ResolutionFailureKind.Deferred, deferred.Kind);
        var again = new Registry(Task.CompletedTask);
        await shared.Through(again).ResolveAllAsync([Request("alpine:3.20")], CancellationToken.None);
        Assert.Single(again.Asked);
    }
}
