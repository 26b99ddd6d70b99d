using System.Reflection;
using System.Reflection.Emit;
using GitStreamSync.Core.Images;

namespace GitStreamSync.Core.Tests;

/// <summary>
/// Core's stages follow the data path (architecture.md section 1): a stage uses only the stages
/// before it and the shared foundation, never a later one, so the namespaces form no cycle and a
/// newcomer can read the house front to back. The uses are read from the compiled assembly: every
/// type named in a signature, a field, a base type or a method body, lambdas and iterators included.
/// </summary>
public sealed class CoreStageOrderTests
{
    /// <summary>
    /// Core's namespaces in the order data flows through a run. First what every stage may use: the
    /// image vocabulary, the documents as read, schedules, the settings, and the ports (the contracts
    /// of workspace, resolver, history and publisher). Then the stages: select the due tags, plan,
    /// edit the text, record the commit, publish the branch, propose the pull requests; rollback
    /// (detection and the rollback command) builds on all of them, the sync run drives them, and the
    /// read-only commands (validate, render, the oc-style views) stand at the end.
    /// </summary>
    public static readonly string[] Order =
    [
        "Images", "Read", "Schedule", "Configuration", "Ports",
        "Select", "Plan", "Edit", "Record", "Publish", "Propose", "Rollback", "Run",
        "Validate", "Render", "Show",
    ];

    /// <summary>
    /// Uses against the order that remain in code being rebuilt now (the pull-request step moves into
    /// a stage of its own); each entry is "FromType -> UsedType". The list
    /// only shrinks: a new backwards use fails, and so does an entry that no longer happens.
    /// </summary>
    private static readonly string[] KnownBackwardUses =
    [
        // A tool pull request recognises itself by parsing its marker, which the proposal stage writes.
        "GitStreamSync.Core.Ports.ToolPullRequest -> GitStreamSync.Core.Propose.PullRequestMarker",
        // The history port hands over commits in rollback detection's own shape, whose tag key comes from the trailers.
        "GitStreamSync.Core.Ports.CommitHistory -> GitStreamSync.Core.Rollback.HistoryCommit",
        // Pushing asks which branches block, through the pull-request step, and reports in the run's terms.
        "GitStreamSync.Core.Publish.BlockingBranches -> GitStreamSync.Core.Propose.PullRequestPublication",
        "GitStreamSync.Core.Publish.BranchPublishing -> GitStreamSync.Core.Run.SyncRequest",
        // The pull-request step leaves rollback pull requests alone by asking the rollback stage.
        "GitStreamSync.Core.Propose.PullRequestPublication -> GitStreamSync.Core.Rollback.RollbackPullRequest",
    ];

    private const string Prefix = "GitStreamSync.Core.";

    [Fact]
    public void Every_namespace_of_Core_has_its_place_in_the_order()
    {
        var namespaces = CoreTypes().Select(StageOf).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        Assert.Empty(namespaces.Except(Order, StringComparer.Ordinal));
    }

    [Fact]
    public void A_stage_uses_only_the_stages_before_it()
    {
        var backwards = Uses()
            .Where(use => Array.IndexOf(Order, use.ToStage) > Array.IndexOf(Order, use.FromStage))
            .Select(use => $"{Outermost(use.From).FullName} -> {Outermost(use.To).FullName}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        var added = backwards.Except(KnownBackwardUses, StringComparer.Ordinal).ToList();
        var gone = KnownBackwardUses.Except(backwards, StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0, "a stage uses a later one; move the type to the stage it belongs to:\n" + string.Join("\n", added));
        Assert.True(gone.Count == 0, "no longer used backwards; remove from KnownBackwardUses:\n" + string.Join("\n", gone));
    }

    [Fact]
    public void The_stages_form_no_cycle_apart_from_the_known_backward_uses()
    {
        var edges = Uses()
            .Where(use => !KnownBackwardUses.Contains($"{Outermost(use.From).FullName} -> {Outermost(use.To).FullName}", StringComparer.Ordinal))
            .Select(use => (use.FromStage, use.ToStage))
            .ToHashSet();

        var cycle = edges.FirstOrDefault(edge => Reaches(edges, edge.ToStage, edge.FromStage));

        Assert.True(cycle == default, $"{cycle.FromStage} and {cycle.ToStage} use each other");
    }

    [Fact]
    public void Uses_inside_method_bodies_count()
    {
        // The settings reader checks a schedule with CronSchedule only inside a method: a reader
        // of signatures alone would miss it and let a backwards use slip through.
        Assert.Contains(Uses(), use => use.From == typeof(Core.Configuration.RepositoryConfigReader) && use.To == typeof(Core.Schedule.CronSchedule));
    }

    private static bool Reaches(HashSet<(string From, string To)> edges, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Stack<string>([from]);
        while (next.TryPop(out var stage))
        {
            if (stage == to)
            {
                return true;
            }

            if (seen.Add(stage))
            {
                foreach (var edge in edges.Where(e => e.From == stage))
                {
                    next.Push(edge.To);
                }
            }
        }

        return false;
    }

    // Lambdas, iterators and async methods compile to nested types: they speak for their outer type.
    private static Type Outermost(Type type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType!;
        }

        return type.HasElementType ? Outermost(type.GetElementType()!) : type;
    }

    private sealed record Use(Type From, string FromStage, Type To, string ToStage);

    private static Type[] CoreTypes() => typeof(ImageReference).Assembly.GetTypes();

    private static string? StageOf(Type type)
    {
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[Prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static List<Use> Uses()
    {
        var uses = new List<Use>();
        foreach (var type in CoreTypes())
        {
            if (StageOf(type) is not { } from)
            {
                continue;
            }

            foreach (var used in UsedTypes(type))
            {
                if (StageOf(used) is { } to && to != from)
                {
                    uses.Add(new Use(type, from, used, to));
                }
            }
        }

        return uses;
    }

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static HashSet<Type> UsedTypes(Type type)
    {
        var used = new HashSet<Type>();
        Add(used, type.BaseType);
        foreach (var contract in type.GetInterfaces())
        {
            Add(used, contract);
        }

        foreach (var field in type.GetFields(Declared))
        {
            Add(used, field.FieldType);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Add(used, property.PropertyType);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                Add(used, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(used, parameter.ParameterType);
            }

            AddBody(used, method);
        }

        return used;
    }

    private static void Add(HashSet<Type> used, Type? type)
    {
        if (type is null || !used.Add(type))
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(used, type.GetElementType());
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Add(used, argument);
            }
        }
    }

    private static void AddBody(HashSet<Type> used, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Add(used, local.LocalType);
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? TwoByte[il[at + 1]] : OneByte[il[at]];
            at += code.Size;
            var operand = OperandSize(code.OperandType, il, at);
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, at);
                switch (method.Module.ResolveMember(token, typeArguments, methodArguments))
                {
                    case Type resolved:
                        Add(used, resolved);
                        break;
                    case MethodBase called:
                        Add(used, called.DeclaringType);
                        if (called is MethodInfo { IsGenericMethod: true } generic)
                        {
                            foreach (var argument in generic.GetGenericArguments())
                            {
                                Add(used, argument);
                            }
                        }

                        break;
                    case FieldInfo field:
                        Add(used, field.DeclaringType);
                        Add(used, field.FieldType);
                        break;
                }
            }

            at += operand;
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

#pragma warning disable CA1810 // The opcode tables are filled once from OpCodes' fields.
    static CoreStageOrderTests()
#pragma warning restore CA1810
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            if (code.Size == 1)
            {
                OneByte[code.Value & 0xFF] = code;
            }
            else
            {
                TwoByte[code.Value & 0xFF] = code;
            }
        }
    }
}
