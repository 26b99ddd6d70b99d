using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>One anonymous real registry per test class, seeded with the images the tests read.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public static readonly Platform LinuxArm64 = new("linux", "arm64");
    public static readonly Platform LinuxArmV7 = new("linux", "arm", "v7");
    public static readonly Platform WindowsAmd64 = new("windows", "amd64");

    public RegistryServer Server { get; private set; } = null!;
    public RegistrySeeder Seeder { get; private set; } = null!;
    public SeededImage OciImage { get; private set; } = null!;
    public SeededImage DockerImage { get; private set; } = null!;
    public SeededIndex OciIndex { get; private set; } = null!;
    public SeededIndex DockerList { get; private set; } = null!;

    public string Host => Server.HostPort;

    public string Ref(string repositoryAndTag) => $"{Host}/{repositoryAndTag}";

    public async Task InitializeAsync()
    {
        Server = await RegistryServer.StartAsync();
        Seeder = RegistrySeeder.For(Server);
        OciImage = await Seeder.PushImageAsync("team/oci-app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        DockerImage = await Seeder.PushImageAsync("team/docker-app", "1.0", ManifestFormat.Docker, Platform.LinuxAmd64);
        OciIndex = await Seeder.PushIndexAsync("team/multi-oci", "1.0", ManifestFormat.Oci, [Platform.LinuxAmd64, LinuxArm64, LinuxArmV7]);
        DockerList = await Seeder.PushIndexAsync("team/multi-docker", "1.0", ManifestFormat.Docker, [LinuxArm64, Platform.LinuxAmd64]);
    }

    public async Task DisposeAsync()
    {
        Seeder.Dispose();
        await Server.DisposeAsync();
    }
}
