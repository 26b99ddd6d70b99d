using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Plan;

/// <summary>
/// Computes the status every due stream should have after this run, by OpenShift's import rules
/// (imagestream-semantics.md 2.3-2.5, 2.8-2.9) and the decisions in architecture.md section 2.
/// Pure and deterministic: no clock, no I/O; equal inputs give equal plans.
/// </summary>
public static class SyncPlanner
{
    /// <summary>
    /// Plans the run. Resolutions are looked up by the <see cref="Ports.ResolveRequest"/> that
    /// <see cref="DueTagSelector.Select"/> returns for the same streams and settings; a due tag whose
    /// request has no outcome is deferred.
    /// </summary>
    public static SyncPlan Plan(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new PlanRun(input).Run();
    }
}
