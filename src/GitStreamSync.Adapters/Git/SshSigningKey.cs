using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// A private key that signs the tool's commits in SSH signature format (OpenSSH PROTOCOL.sshsig, namespace
/// <c>git</c>), the format <c>git verify-commit</c> checks with <c>gpg.format=ssh</c> and GitHub shows as
/// verified. .NET has no Ed25519, so the keys are ECDSA P-256 (<c>ecdsa-sha2-nistp256</c>) and RSA
/// (<c>rsa-sha2-512</c>), read from an unencrypted OpenSSH private key file (what <c>ssh-keygen</c> writes)
/// or a PEM one. The key never appears in a message: errors name the file only.
/// </summary>
internal sealed class SshSigningKey : IDisposable
{
    private const string Namespace = "git";
    private const string HashAlgorithm = "sha512";
    private readonly ECDsa? ecdsa;
    private readonly RSA? rsa;

    // One key signs the commits of every repository of a `sync URL URL...` run at once; the framework
    // does not promise that one key object signs on several threads.
    private readonly Lock signing = new();

    private SshSigningKey(ECDsa? ecdsa, RSA? rsa)
    {
        this.ecdsa = ecdsa;
        this.rsa = rsa;
        PublicKey = ecdsa is not null ? EcdsaPublicBlob(ecdsa) : RsaPublicBlob(rsa!);
    }

    /// <summary>The public key in SSH wire format (<c>ssh-keygen -y</c> prints its base64 after the type).</summary>
    public byte[] PublicKey { get; }

    /// <summary><c>ecdsa-sha2-nistp256 AAAA…</c>: the line for an allowed-signers file or GitHub's signing keys.</summary>
    public string PublicKeyLine => $"{(ecdsa is not null ? "ecdsa-sha2-nistp256" : "ssh-rsa")} {Convert.ToBase64String(PublicKey)}";

    public static SshSigningKey Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SshSigningKeyException($"--signing-key {path}: cannot read the file ({e.GetType().Name})");
        }

        try
        {
            return text.Contains("-----BEGIN OPENSSH PRIVATE KEY-----", StringComparison.Ordinal) ? FromOpenSsh(text, path) : FromPem(text, path);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new SshSigningKeyException($"--signing-key {path}: not an unencrypted ECDSA P-256 or RSA private key ({e.GetType().Name})");
        }
    }

    /// <summary>The armored SSH signature of <paramref name="data"/> (a commit's content without its signature).</summary>
    public string Sign(ReadOnlySpan<byte> data)
    {
        var signed = new SshWriter();
        signed.Raw("SSHSIG"u8);
        signed.String(Namespace);
        signed.String("");
        signed.String(HashAlgorithm);
        signed.String(SHA512.HashData(data));
        var toSign = signed.ToArray();

        var signature = new SshWriter();
        if (ecdsa is not null)
        {
            byte[] raw;
            lock (signing)
            {
                raw = ecdsa.SignData(toSign, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            var pair = new SshWriter();
            pair.MPInt(raw.AsSpan(0, 32));
            pair.MPInt(raw.AsSpan(32, 32));
            signature.String("ecdsa-sha2-nistp256");
            signature.String(pair.ToArray());
        }
        else
        {
            signature.String("rsa-sha2-512");
            lock (signing)
            {
                signature.String(rsa!.SignData(toSign, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1));
            }
        }

        var blob = new SshWriter();
        blob.Raw("SSHSIG"u8);
        blob.UInt32(1);
        blob.String(PublicKey);
        blob.String(Namespace);
        blob.String("");
        blob.String(HashAlgorithm);
        blob.String(signature.ToArray());
        var base64 = Convert.ToBase64String(blob.ToArray());
        var armored = new StringBuilder("-----BEGIN SSH SIGNATURE-----\n");
        for (var i = 0; i < base64.Length; i += 70)
        {
            armored.Append(base64, i, Math.Min(70, base64.Length - i)).Append('\n');
        }

        return armored.Append("-----END SSH SIGNATURE-----").ToString();
    }

    public void Dispose()
    {
        ecdsa?.Dispose();
        rsa?.Dispose();
    }

    private static SshSigningKey FromPem(string text, string path)
    {
        if (text.Contains("RSA PRIVATE KEY", StringComparison.Ordinal) || IsRsaPkcs8(text))
        {
            var key = RSA.Create();
            key.ImportFromPem(text);
            return new SshSigningKey(null, key);
        }

        var ec = ECDsa.Create();
        ec.ImportFromPem(text);
        return ec.KeySize == 256 ? new SshSigningKey(ec, null)
            : throw new SshSigningKeyException($"--signing-key {path}: ECDSA keys must be P-256 (ecdsa-sha2-nistp256)");
    }

    private static bool IsRsaPkcs8(string text)
    {
        try
        {
            using var probe = RSA.Create();
            probe.ImportFromPem(text);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>openssh-key-v1: magic, cipher "none", kdf "none", one public key, then the private section.</summary>
    private static SshSigningKey FromOpenSsh(string text, string path)
    {
        var body = string.Concat(text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
        var reader = new SshReader(Convert.FromBase64String(body));
        if (!reader.Magic("openssh-key-v1\0"u8))
        {
            throw new FormatException("no openssh-key-v1 magic");
        }

        if (reader.Text() != "none" || reader.Text() != "none")
        {
            throw new SshSigningKeyException($"--signing-key {path}: the key is encrypted; the tool reads unencrypted keys only (keep it in a secret store)");
        }

        reader.Bytes();
        if (reader.UInt32() != 1)
        {
            throw new SshSigningKeyException($"--signing-key {path}: the file holds more than one key");
        }

        reader.Bytes();
        var secret = new SshReader(reader.Bytes());
        if (secret.UInt32() != secret.UInt32())
        {
            throw new FormatException("check integers differ");
        }

        switch (secret.Text())
        {
            case "ecdsa-sha2-nistp256":
                secret.Text();
                var q = secret.Bytes();
                var d = Unsigned(secret.Bytes(), 32);
                var ec = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = q[1..33], Y = q[33..65] },
                    D = d,
                });
                return new SshSigningKey(ec, null);
            case "ssh-rsa":
                var n = Unsigned(secret.Bytes());
                var e = Unsigned(secret.Bytes());
                var privateExponent = Unsigned(secret.Bytes(), n.Length);
                var iqmp = secret.Bytes();
                var p = Unsigned(secret.Bytes());
                var pq = Unsigned(secret.Bytes(), p.Length);
                var parameters = new RSAParameters
                {
                    Modulus = n,
                    Exponent = e,
                    D = privateExponent,
                    P = Unsigned(p, n.Length / 2),
                    Q = Unsigned(pq, n.Length / 2),
                    InverseQ = Unsigned(iqmp, n.Length / 2),
                };
                parameters.DP = Unsigned(Mod(privateExponent, p), n.Length / 2);
                parameters.DQ = Unsigned(Mod(privateExponent, pq), n.Length / 2);
                var key = RSA.Create();
                key.ImportParameters(parameters);
                return new SshSigningKey(null, key);
            case var other:
                throw new SshSigningKeyException($"--signing-key {path}: {other} keys are not supported (.NET has no Ed25519); use ssh-keygen -t ecdsa -b 256");
        }
    }

    // d mod (p - 1), big-endian unsigned.
    private static byte[] Mod(byte[] d, byte[] prime)
    {
        var value = new System.Numerics.BigInteger(d, isUnsigned: true, isBigEndian: true);
        var modulus = new System.Numerics.BigInteger(prime, isUnsigned: true, isBigEndian: true) - 1;
        return (value % modulus).ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>An mpint's magnitude, left-padded to <paramref name="length"/> bytes when given.</summary>
    private static byte[] Unsigned(byte[] mpint, int length = 0)
    {
        var start = 0;
        while (start < mpint.Length - 1 && mpint[start] == 0)
        {
            start++;
        }

        var magnitude = mpint[start..];
        if (magnitude.Length >= length)
        {
            return magnitude;
        }

        var padded = new byte[length];
        magnitude.CopyTo(padded, length - magnitude.Length);
        return padded;
    }

    private static byte[] EcdsaPublicBlob(ECDsa key)
    {
        var point = key.ExportParameters(false).Q;
        var blob = new SshWriter();
        blob.String("ecdsa-sha2-nistp256");
        blob.String("nistp256");
        blob.String([0x04, .. point.X!, .. point.Y!]);
        return blob.ToArray();
    }

    private static byte[] RsaPublicBlob(RSA key)
    {
        var parameters = key.ExportParameters(false);
        var blob = new SshWriter();
        blob.String("ssh-rsa");
        blob.MPInt(parameters.Exponent);
        blob.MPInt(parameters.Modulus);
        return blob.ToArray();
    }

    /// <summary>The SSH wire format's uint32, string and mpint (RFC 4251 section 5).</summary>
    private sealed class SshWriter
    {
        private readonly ArrayBufferWriter<byte> buffer = new();

        public void Raw(ReadOnlySpan<byte> bytes) => buffer.Write<byte>(bytes);

        public void UInt32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            buffer.Write<byte>(bytes);
        }

        public void String(string text) => String(Encoding.UTF8.GetBytes(text));

        public void String(ReadOnlySpan<byte> bytes)
        {
            UInt32((uint)bytes.Length);
            buffer.Write<byte>(bytes);
        }

        /// <summary>A positive integer: no leading zero bytes, one zero byte when the top bit is set.</summary>
        public void MPInt(ReadOnlySpan<byte> magnitude)
        {
            var start = 0;
            while (start < magnitude.Length && magnitude[start] == 0)
            {
                start++;
            }

            var trimmed = magnitude[start..];
            if (trimmed.Length > 0 && (trimmed[0] & 0x80) != 0)
            {
                UInt32((uint)trimmed.Length + 1);
                buffer.Write<byte>([(byte)0]);
                buffer.Write<byte>(trimmed);
            }
            else
            {
                String(trimmed);
            }
        }

        public byte[] ToArray() => buffer.WrittenSpan.ToArray();
    }

    private sealed class SshReader(byte[] data)
    {
        private int position;

        public bool Magic(ReadOnlySpan<byte> magic)
        {
            var matches = data.AsSpan(position).StartsWith(magic);
            position += magic.Length;
            return matches;
        }

        public uint UInt32()
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position, 4));
            position += 4;
            return value;
        }

        public byte[] Bytes()
        {
            var length = checked((int)UInt32());
            var value = data.AsSpan(position, length).ToArray();
            position += length;
            return value;
        }

        public string Text() => Encoding.UTF8.GetString(Bytes());
    }
}

/// <summary>The signing key cannot be used; the message names the file and never holds key material.</summary>
internal sealed class SshSigningKeyException(string message) : Exception(message);
