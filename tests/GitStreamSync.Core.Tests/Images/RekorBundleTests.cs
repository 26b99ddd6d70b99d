using GitStreamSync.Core.Images;

namespace GitStreamSync.Core.Tests.Images;

/// <summary>
/// The SET check against what the public Rekor signed: a bundle as <c>cosign verify</c> printed it for a
/// public image, and the public-good Rekor key of sigstore's trusted root. The fake Rekor of the other tests
/// writes the canonical form the same way this code reads it; this vector shows it is the form Rekor signs.
/// </summary>
public sealed class RekorBundleTests
{
    private const string RekorKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==";
    private const string LogId = "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d";

    private const string Bundle = """
        {"SignedEntryTimestamp":"MEUCIQCdrTBN2z8gzFjmNwggcBIj3Znnm9Luwy0FpJaCBnhHGAIgL5LMmBu56btKOJ864NpMLRKmTGZEnFFGxtucfXxnMYM=","Payload":{"body":"eyJhcGlWZXJzaW9uIjoiMC4wLjEiLCJraW5kIjoiaGFzaGVkcmVrb3JkIiwic3BlYyI6eyJkYXRhIjp7Imhhc2giOnsiYWxnb3JpdGhtIjoic2hhMjU2IiwidmFsdWUiOiI0YjE2NWQwMmY1ZDUwNjE4ZWZlM2FjYWZiMDBlOWZkMjc5YTBhZWRiYTQzYWEzYzBmNzRjMDc3YzM3NmUxY2ZkIn19LCJzaWduYXR1cmUiOnsiY29udGVudCI6Ik1FUUNJSHRvL2hWaVlWa2c4V29YRWdiQzNxdEdKQThIZ3hpd0ltZ3R0WUREWWtLYUFpQVI1MHRVMlNwSVBjdVVmSUxianQwSWlhcVlwa0FqSjgrbUM1Q09iS3lDTWc9PSIsInB1YmxpY0tleSI6eyJjb250ZW50IjoiTFMwdExTMUNSVWRKVGlCUVZVSk1TVU1nUzBWWkxTMHRMUzBLVFVacmQwVjNXVWhMYjFwSmVtb3dRMEZSV1VsTGIxcEplbW93UkVGUlkwUlJaMEZGU0hZeVdIVlZkVzVDTjFkVldWVjBaMDEzT1RNMWNsRnBUVzl1Vndvd09HWnFRV2xKYzNWcEswTXhZV2N4UmxwMUwybDNORkZZTlc1clJUQlVhbUpLVjFCc2RHeFlLM1p6VXpkNU1FeDRXVVJqU1ROWmFDOVJQVDBLTFMwdExTMUZUa1FnVUZWQ1RFbERJRXRGV1MwdExTMHRDZz09In19fX0=","integratedTime":1743113110,"logIndex":189132280,"logID":"c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d"}}
        """;

    private static TransparencyLogKey PublicRekor => new(Convert.FromBase64String(RekorKey), LogId, DateTimeOffset.UnixEpoch, null);

    [Fact]
    public void The_public_rekor_set_of_a_real_entry_verifies_over_the_canonical_payload()
    {
        var bundle = RekorBundle.TryParse(Bundle);

        Assert.NotNull(bundle);
        Assert.Equal(LogId, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(RekorKey))));
        Assert.Equal(LogId, bundle.LogId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1743113110), bundle.Integrated);
        Assert.True(bundle.SignedBy(PublicRekor));
    }

    [Fact]
    public void One_changed_member_of_the_real_entry_and_the_set_no_longer_verifies()
    {
        var moved = RekorBundle.TryParse(Bundle.Replace("\"logIndex\":189132280", "\"logIndex\":189132281", StringComparison.Ordinal));
        var later = RekorBundle.TryParse(Bundle.Replace("\"integratedTime\":1743113110", "\"integratedTime\":1743113111", StringComparison.Ordinal));

        Assert.False(moved!.SignedBy(PublicRekor));
        Assert.False(later!.SignedBy(PublicRekor));
    }
}
