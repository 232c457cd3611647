namespace DisclosureWatch.Worker.Inbox;

/// <summary>Retries an action on transient failures with exponential back-off: delay, 2×delay, 4×delay …</summary>
internal sealed record Retry(int MaxAttempts, TimeSpan FirstDelay)
{
    /// <summary>Runs <paramref name="action"/>; returns its result and how many attempts it took.</summary>
    public (T Result, int Attempts) Run<T>(Func<T> action, Func<Exception, bool> isTransient, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return (action(), attempt); }
            catch (Exception e) when (attempt < MaxAttempts && isTransient(e))
            {
                var delay = FirstDelay * Math.Pow(2, attempt - 1);
                if (ct.WaitHandle.WaitOne(delay)) ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>A locked or busy file (not a missing one: that will not come back).</summary>
    public static bool IsTransientIo(Exception e) =>
        e is IOException and not (FileNotFoundException or DirectoryNotFoundException or EndOfStreamException);
}
