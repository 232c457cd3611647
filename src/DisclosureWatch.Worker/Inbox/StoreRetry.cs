using DisclosureWatch.Storage;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>The database stayed busy or unreachable through every retry: nothing was stored, try the batch later.</summary>
public sealed class StoreUnavailableException(Exception inner)
    : Exception($"the store is unavailable: {inner.Message}", inner);

/// <summary>
/// The store with its retries around it: each call is tried again with back-off while the database is busy
/// (the dialect says which errors are); still busy after every try, it throws <see cref="StoreUnavailableException"/>.
/// The pipeline, the inbox and the mail intake call the store through this.
/// </summary>
public sealed class StoreRetry(ReportStore store, Retry retry)
{
    /// <summary>The store itself, for calls that handle a busy database their own way.</summary>
    public ReportStore Inner => store;

    public T Call<T>(Func<ReportStore, T> call)
    {
        try { return retry.Run(() => call(store), store.Dialect.IsTransient).Result; }
        catch (Exception e) when (store.Dialect.IsTransient(e)) { throw new StoreUnavailableException(e); }
    }

    public void Call(Action<ReportStore> call) => Call(s => { call(s); return 0; });
}
