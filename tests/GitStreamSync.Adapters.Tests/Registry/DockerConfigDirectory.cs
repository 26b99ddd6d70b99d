namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>A temporary DOCKER_CONFIG folder with a config.json and credential-helper scripts on a PATH of its own.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class DockerConfigDirectory : IDisposable
{
    private DockerConfigDirectory(string root)
    {
        Root = root;
        Environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = root, ["PATH"] = Path.Combine(root, "bin") };
        Directory.CreateDirectory(Path.Combine(root, "bin"));
    }

    public string Root { get; }

    public Dictionary<string, string> Environment { get; }

    public static DockerConfigDirectory Create(string configJson)
    {
        var directory = new DockerConfigDirectory(Directory.CreateTempSubdirectory("gss-docker-config-").FullName);
        File.WriteAllText(Path.Combine(directory.Root, "config.json"), configJson);
        return directory;
    }

    /// <summary>A docker-credential-NAME script that records its standard input and prints <paramref name="answer"/>.</summary>
    public void AddHelper(string name, string answer)
    {
        var script = Path.Combine(Root, "bin", $"docker-credential-{name}");
        File.WriteAllText(Path.Combine(Root, $"{name}.answer"), answer);
        File.WriteAllText(script, $"#!/bin/sh\n[ \"$1\" = get ] || exit 1\ncat > '{Root}/{name}.input'\ncat '{Root}/{name}.answer'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string HelperInput(string name) => File.ReadAllText(Path.Combine(Root, $"{name}.input"));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
