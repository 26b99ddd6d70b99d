using GitStreamSync.Core.Record;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>Never close what is still wanted: when a group's open pull request may change or close.</summary>
public sealed class GroupKnowledgeTests
{
    private static readonly TagKey Ubuntu = new("imagestreams/myubuntu.yaml", "myubuntu", "16.04");
    private static readonly TagKey Nginx = new("imagestreams/base.yaml", "nginx", "stable");
    private static readonly PullRequestMarker Open = new("main", null, [new(Ubuntu, null, Sha('a')), new(Nginx, null, Sha('b'))]);

    private static TagFacts Resolved => new(TagStanding.Resolved, null);

    private static TagFacts Deferred => new(TagStanding.Deferred, null) { Deferral = "docker.io/library/ubuntu:16.04 (rate limited)" };

    [Fact]
    public void Every_tag_resolved_is_complete_knowledge_the_pull_request_may_close_or_change()
    {
        var knowledge = GroupKnowledge.Of(Open, [], _ => Resolved);

        Assert.True(knowledge.Complete);
        Assert.Equal(GroupDecision.Close, knowledge.Decide(hasOpen: true, hasChanges: false));
        Assert.Equal(GroupDecision.Update, knowledge.Decide(hasOpen: true, hasChanges: true));
    }

    [Fact]
    public void A_deferred_tag_the_pull_request_proposes_keeps_it_as_it_is_whatever_else_the_run_found()
    {
        var knowledge = GroupKnowledge.Of(Open, ["docker.io/library/ubuntu:16.04 (rate limited)"], key => key == Ubuntu ? Deferred : Resolved);

        Assert.False(knowledge.Complete);
        Assert.Equal(GroupDecision.Keep, knowledge.Decide(hasOpen: true, hasChanges: false));
        Assert.Equal(GroupDecision.Keep, knowledge.Decide(hasOpen: true, hasChanges: true));
        Assert.Equal("1 tag deferred: docker.io/library/ubuntu:16.04 (rate limited)", knowledge.Why);
    }

    [Fact]
    public void A_deferred_tag_the_pull_request_does_not_propose_lets_it_change_but_never_close()
    {
        var knowledge = GroupKnowledge.Of(Open, ["quay.io/acme/tools:1 (registry error)"], _ => Resolved);

        Assert.False(knowledge.Complete);
        Assert.True(knowledge.ProposedKnown);
        Assert.Equal(GroupDecision.Update, knowledge.Decide(hasOpen: true, hasChanges: true));
        Assert.Equal(GroupDecision.Keep, knowledge.Decide(hasOpen: true, hasChanges: false));
    }

    [Fact]
    public void The_tag_a_registry_said_to_wait_for_is_named_before_the_tags_left_unasked_after_it()
    {
        // The marker lists nginx first; its request never went out once the mirror had answered 429 for ubuntu.
        var open = new PullRequestMarker("main", null, [new(Nginx, null, Sha('b')), new(Ubuntu, null, Sha('a'))]);
        var unasked = new TagFacts(TagStanding.Deferred, null) { Deferral = $"docker.io/library/nginx:stable ({TagFacts.NotAttempted})" };
        var knowledge = GroupKnowledge.Of(open, ["quay.io/acme/tools:1 (not attempted this run)", "quay.io/acme/tools:2 (timed out)"], key => key == Ubuntu ? Deferred : unasked);

        Assert.Equal(
            "4 tags deferred: docker.io/library/ubuntu:16.04 (rate limited), quay.io/acme/tools:2 (timed out), docker.io/library/nginx:stable (not attempted this run), quay.io/acme/tools:1 (not attempted this run)",
            knowledge.Why);
    }

    [Fact]
    public void A_proposed_tag_whose_stream_was_not_due_is_unknown()
    {
        var knowledge = GroupKnowledge.Of(Open, [], key => key == Nginx ? new TagFacts(TagStanding.NotDue, null) : Resolved);

        Assert.Equal(GroupDecision.Keep, knowledge.Decide(hasOpen: true, hasChanges: false));
        Assert.Equal("1 tag it proposes not due in this run: nginx:stable", knowledge.Why);
    }

    [Theory]
    [InlineData("Held")]
    [InlineData("Failed")]
    [InlineData("Pinned")]
    [InlineData("Reference")]
    public void Held_failed_pinned_and_reference_tags_are_known(string name)
    {
        var standing = Enum.Parse<TagStanding>(name);
        var knowledge = GroupKnowledge.Of(Open, [], key => key == Nginx ? new TagFacts(standing, null) : Resolved);

        Assert.Equal(GroupDecision.Close, knowledge.Decide(hasOpen: true, hasChanges: false));
    }

    [Fact]
    public void A_removed_tag_is_known()
    {
        var knowledge = GroupKnowledge.Of(Open, [], key => key == Nginx ? null : Resolved);

        Assert.Equal(GroupDecision.Close, knowledge.Decide(hasOpen: true, hasChanges: false));
    }

    [Fact]
    public void Without_an_open_pull_request_the_run_pushes_what_it_knows_and_opens_one()
    {
        var knowledge = GroupKnowledge.Of(null, ["docker.io/library/ubuntu:16.04 (rate limited)"], _ => Deferred);

        Assert.Equal(GroupDecision.Open, knowledge.Decide(hasOpen: false, hasChanges: true));
    }

    [Fact]
    public void A_long_outage_names_the_first_five_deferred_tags()
    {
        var deferred = Enumerable.Range(1, 8).Select(i => $"quay.io/acme/app:{i} (timed out)").ToList();

        var knowledge = GroupKnowledge.Of(Open, deferred, _ => Resolved);

        Assert.Equal("8 tags deferred: quay.io/acme/app:1 (timed out), quay.io/acme/app:2 (timed out), quay.io/acme/app:3 (timed out), quay.io/acme/app:4 (timed out), quay.io/acme/app:5 (timed out) and 3 more", knowledge.Why);
    }

    [Fact]
    public void Deferred_and_not_due_tags_are_both_named_each_counted_in_the_right_number()
    {
        var knowledge = GroupKnowledge.Of(Open, ["quay.io/acme/tools:1 (timed out)", "quay.io/acme/tools:2 (timed out)"], key => key == Ubuntu ? Deferred : new TagFacts(TagStanding.NotDue, null));

        Assert.Equal(
            "3 tags deferred: docker.io/library/ubuntu:16.04 (rate limited), quay.io/acme/tools:1 (timed out), quay.io/acme/tools:2 (timed out); 1 tag it proposes not due in this run: nginx:stable",
            knowledge.Why);
    }

    [Fact]
    public void A_deferred_tag_without_words_is_named_by_its_key_and_once_when_it_is_also_due_in_the_group()
    {
        var knowledge = GroupKnowledge.Of(Open, ["imagestreams/myubuntu.yaml#myubuntu:16.04"], key => key == Ubuntu ? new TagFacts(TagStanding.Deferred, null) : Resolved);

        Assert.Equal("1 tag deferred: imagestreams/myubuntu.yaml#myubuntu:16.04", knowledge.Why);
    }

    [Fact]
    public void Five_deferred_tags_are_all_named()
    {
        var deferred = Enumerable.Range(1, 5).Select(i => $"quay.io/acme/app:{i}").ToList();

        Assert.Equal("5 tags deferred: quay.io/acme/app:1, quay.io/acme/app:2, quay.io/acme/app:3, quay.io/acme/app:4, quay.io/acme/app:5", GroupKnowledge.Of(null, deferred, _ => Resolved).Why);
    }

    [Fact]
    public void A_group_the_run_knows_completely_has_nothing_to_explain()
    {
        var knowledge = GroupKnowledge.Of(Open, [], _ => Resolved);

        Assert.Equal("nothing new is known", knowledge.Why);
        Assert.Equal(GroupDecision.Open, knowledge.Decide(hasOpen: false, hasChanges: false));
    }

    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));
}
