using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using System.CommandLine;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync resolve IMAGE</c>: one reference to its digest, for debugging. Prints the digest;
/// with <c>-o json</c> also the media type, the platform chosen from an index and which host answered.
/// </summary>
internal static class ResolveCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Argument<string>("IMAGE") { Description = "Image reference, e.g. docker.io/library/ubuntu:24.04 or quay.io/org/app@sha256:..." };
        var importMode = new Option<string>("--import-mode")
        {
            Description = "Legacy (one platform's manifest of an index) or PreserveOriginal (the index itself)",
            DefaultValueFactory = _ => "Legacy",
        };
        var preferArch = new Option<string?>("--prefer-arch") { Description = "As the tag annotation importer.image.openshift.io/prefer-arch" };
        var preferOs = new Option<string?>("--prefer-os") { Description = "As the tag annotation importer.image.openshift.io/prefer-os" };
        var insecure = new Option<bool>("--insecure") { Description = "As importPolicy.insecure: plain HTTP or unverified TLS for this image's host" };
        var command = new Output.CommandWithExamples("resolve", "Resolve one image reference to its digest (for debugging); -o text|json", CommandExamples.Resolve)
        {
            image, importMode, preferArch, preferOs, insecure,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            var output = run.Settings.OutputOrDefault("text", "json");
            var text = parse.GetValue(image)!;
            if (!ImageReference.TryParse(text, out var reference, out var error))
            {
                throw new UsageException($"'{text}' is not an image reference: {error}");
            }

            var mode = (parse.GetValue(importMode) ?? "Legacy").ToLowerInvariant() switch
            {
                "legacy" => ImportMode.Legacy,
                "preserveoriginal" => ImportMode.PreserveOriginal,
                var other => throw new UsageException($"--import-mode '{other}' is not Legacy or PreserveOriginal"),
            };
            var platform = new PlatformPreference(parse.GetValue(preferOs), parse.GetValue(preferArch), run.Settings.Platform ?? Platform.LinuxAmd64);
            var request = new ResolveRequest(reference, mode, platform, parse.GetValue(insecure));

            using var client = RegistryClientSetup.Create(run);
            var outcome = (await client.ResolveAllAsync([request], cancellationToken))[request];
            if (output == "json")
            {
                await run.Out.WriteLineAsync(JsonTree.ToText(Describe(reference, outcome, client.LastRun), indented: true));
            }
            else if (outcome is Resolved resolved)
            {
                await run.Out.WriteLineAsync(resolved.Digest.ToString());
            }

            if (outcome is ResolutionFailed failed)
            {
                await run.Error.WriteLineAsync($"{CliApplication.ToolName}: {failed.Kind}: {failed.Message}");
                return ExitCodes.TagsFailed;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, object?> Describe(ImageReference reference, ResolutionOutcome outcome, Adapters.Registry.RegistryRunReport report)
    {
        var result = new Dictionary<string, object?> { ["reference"] = reference.ToString() };
        switch (outcome)
        {
            case Resolved r:
                result["digest"] = r.Digest.ToString();
                result["mediaType"] = r.MediaType;
                result["indexDigest"] = r.IndexDigest?.ToString();
                result["platform"] = r.Platform?.ToString();
                result["answeredBy"] = r.AnsweredBy;
                result["dockerImageReference"] = reference.WithDigest(r.Digest).ToString();
                break;
            case ResolutionFailed f:
                result["failure"] = f.Kind.ToString();
                result["permanent"] = f.IsPermanent;
                result["message"] = f.Message;
                break;
        }

        result["requests"] = report.TotalRequests;
        result["rateLimits"] = report.RateLimits.ToDictionary(kv => kv.Key, kv => new Dictionary<string, object?> { ["limit"] = kv.Value.Limit, ["remaining"] = kv.Value.Remaining, ["windowSeconds"] = kv.Value.WindowSeconds });
        return result;
    }
}
