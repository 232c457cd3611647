using DisclosureWatch.Storage;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>The database stayed busy or unreachable through every retry: nothing was stored, try the batch later.</summary>
internal sealed class StoreUnavailableException(Exception inner)
    : Exception($"the store is unavailable: {inner.Message}", inner);

/// <summary>
/// The database with its retries around it: each call is tried again with back-off while the database is busy
/// (the dialect says which errors are); still busy after every try, it throws <see cref="StoreUnavailableException"/>.
/// The pipeline, the inbox and the mail intake call their stores through this.
/// </summary>
internal sealed class StoreRetry(Database database, Retry retry)
{
    /// <summary>The database the calls go to, for those that handle a busy database their own way.</summary>
    public Database Database => database;

    public T Call<T>(Func<T> call)
    {
        try { return retry.Run(call, database.IsTransient).Result; }
        catch (Exception e) when (database.IsTransient(e)) { throw new StoreUnavailableException(e); }
    }

    public void Call(Action call) => Call(() => { call(); return 0; });
}
