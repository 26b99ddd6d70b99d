using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitStreamSync.Testing.Git;

/// <summary>
/// HTTPS in front of a loopback HTTP server (the Git server): TLS ends here with a certificate for
/// 127.0.0.1 issued by a test authority of its own, and the bytes go on to the server as they are.
/// Clients trust it only when told to (<see cref="AuthorityPem"/>, for <c>SSL_CERT_FILE</c>).
/// </summary>
public sealed class TlsFront : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly X509Certificate2 certificate;
    private readonly int backendPort;
    private readonly Task accepting;

    public TlsFront(int backendPort)
    {
        this.backendPort = backendPort;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=gitstreamsync test authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var authority = authorityRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        AuthorityPem = authority.ExportCertificatePem();

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(authority, now.AddHours(-1), now.AddDays(1), [1, 2, 3, 4]);
        certificate = X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);

        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The authority that issued the front's certificate, as PEM.</summary>
    public string AuthorityPem { get; }

    /// <summary>The HTTPS address of a path on the server behind, e.g. <c>/git/app.git</c>.</summary>
    public string Url(string path) => $"https://127.0.0.1:{Port}{path}";

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        certificate.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        try
        {
            using (client)
            using (var backend = new TcpClient())
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping.Token);
                await backend.ConnectAsync(IPAddress.Loopback, backendPort, stopping.Token);
                var plain = backend.GetStream();
                await Task.WhenAny(tls.CopyToAsync(plain, stopping.Token), plain.CopyToAsync(tls, stopping.Token));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
        }
    }
}
