using System.Net;
using System.Security.Authentication;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// One request of an operation. libgit2 writes a round's pkt-lines (nothing for a ref
/// advertisement) and then reads the answer: the first read sends the request, with the whole body
/// at once, and each read waits at most the server timeout. Failures become libgit2's error with a
/// message that names the address and never a credential.
/// </summary>
internal sealed class SmartHttpStream(SmartHttpSubtransport transport, SmartHttpRequest request) : SmartSubtransportStream(transport)
{
    private readonly GitHttpSettings settings = GitHttpTransport.Current;
    private readonly GitHttpCall call = GitHttpTransport.Call;
    private MemoryStream? body;
    private HttpResponseMessage? response;
    private Stream? content;
    private byte[]? buffer;

    public override int Write(Stream dataStream, long length) => Run(() =>
    {
        if (response is not null)
        {
            throw new GitHttpException("libgit2 wrote to a request that was already sent");
        }

        body ??= new MemoryStream();
        dataStream.CopyTo(body);
    });

    public override int Read(Stream dataStream, long length, out long bytesRead)
    {
        var read = 0;
        var result = Run(() =>
        {
            content ??= Answer();
            buffer ??= new byte[(int)Math.Min(length, 64 * 1024)];
            read = ReadWithin(buffer.AsMemory(0, (int)Math.Min(length, buffer.Length)));
            dataStream.Write(buffer, 0, read);
        });
        bytesRead = read;
        return result;
    }

    protected override void Free()
    {
        content?.Dispose();
        response?.Dispose();
        base.Free();
    }

    private Stream Answer()
    {
        var bytes = body?.ToArray();
        body = null;
        var client = settings.ClientFor(call.ConfiguredProxy);
        response = Within(token => ((SmartHttpSubtransport)SmartTransport).Send(request, bytes, client, token));
        var target = response.RequestMessage?.RequestUri;
        var shown = target is null ? request.Service : SmartHttpSubtransport.Shown(target);
        if (!response.IsSuccessStatusCode)
        {
            throw new GitHttpException($"{shown} answered {(int)response.StatusCode} ({response.ReasonPhrase}){ServerWords()}{Hint(response.StatusCode)}");
        }

        var type = response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(type, request.ExpectedContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new GitHttpException($"{shown} is not a Git smart-HTTP endpoint: it answered {type ?? "without a content type"}, not {request.ExpectedContentType}");
        }

        return response.Content.ReadAsStream(CancellationToken.None);
    }

    /// <summary>A server's reason in a short text answer (GitHub's "Repository not found.", a hook's words).</summary>
    private string ServerWords()
    {
        if (response!.Content.Headers.ContentType?.MediaType != "text/plain")
        {
            return "";
        }

        var text = Within(token =>
        {
            using var stream = response.Content.ReadAsStream(token);
            var words = new byte[300];
            var count = stream.ReadAtLeast(words, words.Length, throwOnEndOfStream: false);
            return System.Text.Encoding.UTF8.GetString(words, 0, count);
        }).Trim();
        return text.Length == 0 ? "" : $": {text}";
    }

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => " (is the repository's address right, and may these credentials see it?)",
        HttpStatusCode.Forbidden => " (the credentials may not do this)",
        _ => "",
    };

    private int ReadWithin(Memory<byte> into) => Within(token =>
    {
        var pending = content!.ReadAsync(into, token);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    });

    /// <summary>Runs one wait on the server, bounded by the server timeout and the run's cancellation.</summary>
    private T Within<T>(Func<CancellationToken, T> wait)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(call.Cancellation);
        bound.CancelAfter(settings.ServerTimeout);
        try
        {
            return wait(bound.Token);
        }
        catch (OperationCanceledException) when (!call.Cancellation.IsCancellationRequested && bound.IsCancellationRequested)
        {
            throw new GitHttpException($"timed out after {settings.ServerTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Runs a libgit2 stream call: 0, or libgit2's error code with the failure set as its message.</summary>
    private int Run(Action work)
    {
        try
        {
            work();
            return 0;
        }
        catch (GitHttpException failure) when (failure.MessageIsSet)
        {
            return failure.Code;
        }
        catch (OperationCanceledException) when (call.Cancellation.IsCancellationRequested)
        {
            _ = LibGit2Error.Set("the Git operation was cancelled");
            return LibGit2Error.Cancelled;
        }
        catch (Exception failure)
        {
            // LibGit2Sharp turns an exception from here into a bare error code ("no error"): every
            // failure, expected or not, is handed to libgit2 with its message.
            return LibGit2Error.Set(Describe(failure));
        }
    }

    /// <summary>The failure and its causes in one line: .NET puts the useful part (refused, reset, an untrusted certificate) in inner exceptions.</summary>
    private static string Describe(Exception failure)
    {
        var parts = new List<string>();
        var untrusted = false;
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            untrusted |= cause is AuthenticationException;
            var message = cause.Message.Replace(", see inner exception", "", StringComparison.Ordinal).TrimEnd('.');
            if (message.Length > 0 && !parts.Any(part => part.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        var described = string.Join(": ", parts);
        return untrusted
            ? described + " (the server's certificate must come from an authority this machine trusts (SSL_CERT_FILE or SSL_CERT_DIR name others) and name the host)"
            : described;
    }
}
