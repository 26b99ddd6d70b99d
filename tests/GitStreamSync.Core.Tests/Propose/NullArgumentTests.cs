using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Select;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// A caller that passes nothing where the propose stage needs something is told which argument, at
/// the call, not with a null reference deep inside a pull request half-written.
/// </summary>
public sealed class NullArgumentTests
{
    private static readonly PullRequestContent Content = ManyTags.Content(1);
    private static readonly PullRequestMarker Marker = PullRequestMarker.From(Content);

    public static TheoryData<string, string> Calls => new()
    {
        { "Cut", "text" },
        { "GroupKnowledge.Of deferred", "deferredInGroup" },
        { "GroupKnowledge.Of facts", "facts" },
        { "HoldBack branches", "branches" },
        { "HoldBack listing", "listing" },
        { "HoldBack knowledge", "knowledge" },
        { "ProposeAsync", "input" },
        { "Render content", "content" },
        { "Render budget", "budget" },
        { "Build", "run" },
        { "ForBranches content", "content" },
        { "ForBranches branches", "branches" },
        { "Replace body", "body" },
        { "Replace marker", "marker" },
        { "PublishAsync groups", "groups" },
        { "PublishAsync listed", "listed" },
        { "ToDraft", "group" },
        { "KeepFirstSeen", "content" },
        { "RegroupComment", "replacements" },
        { "CloseComment", "marker" },
        { "Title For", "settings" },
        { "Title Parse", "text" },
        { "Title Render", "content" },
        { "TagFacts streams", "streams" },
        { "TagFacts selection", "selection" },
        { "TagFacts plan", "plan" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_missing_argument_is_named(string call, string parameter)
    {
        var stage = new ProposeStage(new PullRequestPort { Publisher = new PullRequestsInMemory() }, NullLogger.Instance);
        var publication = new PullRequestPublication(new PullRequestsInMemory(), PullRequestSettings.Default);
        var knowledge = RunKnowledge.Everything("gitstreamsync/main");
        var selection = DueTagSelector.Select([], PlanSettings.Default);
        var plan = new SyncPlan(DateTimeOffset.UnixEpoch, []);
        Func<Task> action = call switch
        {
            "Cut" => () => Run(() => GitHubTextLimits.Cut(null!, 1)),
            "GroupKnowledge.Of deferred" => () => Run(() => GroupKnowledge.Of(Marker, null!, _ => null)),
            "GroupKnowledge.Of facts" => () => Run(() => GroupKnowledge.Of(Marker, [], null!)),
            "HoldBack branches" => () => Run(() => stage.HoldBack(null!, PullRequestListing.Empty, knowledge, _ => false)),
            "HoldBack listing" => () => Run(() => stage.HoldBack([], null!, knowledge, _ => false)),
            "HoldBack knowledge" => () => Run(() => stage.HoldBack([], PullRequestListing.Empty, null!, _ => false)),
            "ProposeAsync" => () => stage.ProposeAsync(null!, false, false, CancellationToken.None),
            "Render content" => () => Run(() => PullRequestBodyRenderer.Render(null!, PullRequestBodyBudget.Default)),
            "Render budget" => () => Run(() => PullRequestBodyRenderer.Render(Content, null!)),
            "Build" => () => Run(() => PullRequestContentBuilder.Build(null!)),
            "ForBranches content" => () => Run(() => PullRequestGroups.ForBranches(null!, [])),
            "ForBranches branches" => () => Run(() => PullRequestGroups.ForBranches(Content, null!)),
            "Replace body" => () => Run(() => PullRequestMarker.Replace(null!, Marker)),
            "Replace marker" => () => Run(() => PullRequestMarker.Replace("body", null!)),
            "PublishAsync groups" => () => publication.PublishAsync("main", null!, [], null, null, [], CancellationToken.None),
            "PublishAsync listed" => () => publication.PublishAsync("main", [], null!, null, null, [], CancellationToken.None),
            "ToDraft" => () => Run(() => publication.ToDraft(null!)),
            "KeepFirstSeen" => () => Run(() => PullRequestPublication.KeepFirstSeen(null!, Marker)),
            "RegroupComment" => () => Run(() => PullRequestPublication.RegroupComment("b", null!)),
            "CloseComment" => () => Run(() => PullRequestPublication.CloseComment("main", null!, null)),
            "Title For" => () => Run(() => PullRequestTitleTemplate.For(null!)),
            "Title Parse" => () => Run(() => PullRequestTitleTemplate.Parse(null!)),
            "Title Render" => () => Run(() => PullRequestTitleTemplate.Default.Render(null!)),
            "TagFacts streams" => () => Run(() => TagFacts.Of(null!, null, selection, plan)),
            "TagFacts selection" => () => Run(() => TagFacts.Of([], null, null!, plan)),
            _ => () => Run(() => TagFacts.Of([], null, selection, null!)),
        };

        var ex = await Assert.ThrowsAsync<ArgumentNullException>(action);

        Assert.Equal(parameter, ex.ParamName);
    }

    private static Task Run(Func<object> call)
    {
        _ = call();
        return Task.CompletedTask;
    }
}
