using System.Text;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Review;

/// <summary>
/// <c>verify:</c> with a keyless identity: a fake Fulcio and Rekor made in the test, their
/// <c>trusted_root.json</c> in the repository, and cosign-format keyless signatures pushed to the
/// loopback registry. Only the digest signed by the configured identity through the trusted authority
/// and log is proposed; every other is held with <c>SignatureInvalid</c> and its reason.
/// </summary>
public sealed class KeylessSignatureTests
{
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private const string Subject = "https://github.com/acme/app/.github/workflows/release.yaml@refs/tags/v1.2.0";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Issued = Now.AddHours(-20);

    private static string Settings(string trustedRoot) =>
        "verify:\n- images: registry.example.com/acme/*\n  trustedRoot: " + trustedRoot + "\n  keyless:\n"
        + "  - issuer: " + Issuer + "\n    subjectRegExp: 'https://github\\.com/acme/app/\\.github/workflows/release\\.yaml@refs/tags/v.+'\n";

    [Fact]
    public async Task Only_the_digest_signed_by_the_identity_through_the_trusted_fulcio_and_rekor_is_proposed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var sigstore = new FakeSigstore(Issued);
        using var elsewhere = new FakeSigstore(Issued, "elsewhere");
        (string Tag, string Reason, Func<byte[], KeylessSignature> Sign, bool TamperPayload)[] cases =
        [
            ("valid", "", p => sigstore.Sign(p, Issuer, Subject, Issued), false),
            ("issuer", "(issuer https://accounts.google.com, subject " + Subject + ") matches no configured identity", p => sigstore.Sign(p, "https://accounts.google.com", Subject, Issued), false),
            ("subject", "matches no configured identity", p => sigstore.Sign(p, Issuer, "https://github.com/acme/app/.github/workflows/nightly.yaml@refs/heads/main", Issued), false),
            ("other-ca", "does not chain to a Fulcio authority of the trusted root", p => sigstore.Sign(p, Issuer, Subject, Issued, new KeylessFlaw { IssuedBy = elsewhere }), false),
            ("expired", "was not valid at its Rekor integratedTime", p => sigstore.Sign(p, Issuer, Subject, Issued, new KeylessFlaw { LoggedAfter = TimeSpan.FromMinutes(11) }), false),
            ("tampered-set", "Rekor SET does not verify with the trusted root's log key", p => sigstore.Sign(p, Issuer, Subject, Issued, new KeylessFlaw { TamperedSet = true }), false),
            ("tampered-payload", "does not verify with its certificate's key", p => sigstore.Sign(p, Issuer, Subject, Issued), true),
            ("no-bundle", "has no Rekor bundle (dev.sigstore.cosign/bundle)", p => sigstore.Sign(p, Issuer, Subject, Issued, new KeylessFlaw { NoBundle = true }), false),
        ];
        await using var bed = await ReviewTestBed.StartAsync(
            new Dictionary<string, string>
            {
                [".gitstreamsync.yaml"] = Settings("sigstore/trusted_root.json"),
                ["sigstore/trusted_root.json"] = sigstore.TrustedRootJson(),
                ["streams/app.yaml"] = ReviewTestBed.Stream("app", [.. cases.Select(c => (c.Tag, $"acme/{c.Tag}:1"))]),
            },
            timeout.Token);
        using var seeder = bed.Seeder();
        var digests = new Dictionary<string, Digest>();
        foreach (var (tag, _, sign, tamper) in cases)
        {
            var digest = (await seeder.PushImageAsync($"acme/{tag}", "1", ManifestFormat.Oci, Platform.LinuxAmd64, null, timeout.Token)).Digest;
            var payload = CosignPayload.For($"{ReviewTestBed.Host}/acme/{tag}", digest);
            var signature = sign(payload);
            if (tamper)
            {
                payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace("\"optional\":null", "\"optional\":{\"x\":1}", StringComparison.Ordinal));
            }

            await seeder.PushCosignSignatureAsync($"acme/{tag}", digest, payload, signature, timeout.Token);
            digests[tag] = digest;
        }

        var run = await bed.SyncAsync(Now);

        var file = bed.Show("gitstreamsync/main", "streams/app.yaml");
        Assert.Contains($"image: {digests["valid"]}", file, StringComparison.Ordinal);
        foreach (var (tag, reason, _, _) in cases.Skip(1))
        {
            Assert.DoesNotContain($"image: {digests[tag]}", file, StringComparison.Ordinal);
            Assert.Contains($"streams/app.yaml#app:{tag} SignatureInvalid: {digests[tag]}: ", run.Out, StringComparison.Ordinal);
            Assert.Contains(reason, run.Out.Split('\n').Single(l => l.Contains($"#app:{tag} SignatureInvalid", StringComparison.Ordinal)), StringComparison.Ordinal);
        }

        Assert.Equal(cases.Length - 1, file.Split("reason: SignatureInvalid").Length - 1);
    }

    [Fact]
    public async Task A_trusted_root_missing_from_the_repository_holds_the_digests_it_covers_naming_the_file()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var sigstore = new FakeSigstore(Issued);
        await using var bed = await ReviewTestBed.StartAsync(
            new Dictionary<string, string>
            {
                [".gitstreamsync.yaml"] = Settings("sigstore/missing.json"),
                ["streams/app.yaml"] = ReviewTestBed.Stream("app", ("valid", "acme/valid:1")),
            },
            timeout.Token);
        using var seeder = bed.Seeder();
        var digest = (await seeder.PushImageAsync("acme/valid", "1", ManifestFormat.Oci, Platform.LinuxAmd64, null, timeout.Token)).Digest;
        var payload = CosignPayload.For($"{ReviewTestBed.Host}/acme/valid", digest);
        await seeder.PushCosignSignatureAsync("acme/valid", digest, payload, sigstore.Sign(payload, Issuer, Subject, Issued), timeout.Token);

        var run = await bed.SyncAsync(Now);

        Assert.Contains($"streams/app.yaml#app:valid SignatureInvalid: {digest}: the trusted root sigstore/missing.json: no such file at the base tip", run.Out, StringComparison.Ordinal);
    }
}
