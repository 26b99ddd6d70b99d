namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// What one client may cost the health and notification listener. Requests are answered side by
/// side, at most <see cref="MaxConnections"/> at once (the others wait their turn); each must have
/// sent its body and taken its answer within <see cref="RequestDeadline"/> of its headers, or its
/// connection is dropped. A sender that stalls (headers and no body, a scraper that never reads)
/// thus holds up neither the health probe nor a push notification, and a crowd of them holds up
/// everything else for one deadline at most. Headers are read by the listener itself, on each
/// connection apart, and hold no place here.
/// </summary>
internal sealed record ListenerLimits(int MaxConnections, TimeSpan RequestDeadline)
{
    public static ListenerLimits Default { get; } = new(32, TimeSpan.FromSeconds(10));
}
