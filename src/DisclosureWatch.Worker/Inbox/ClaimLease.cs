using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>The lease ran out: another instance may have taken this instance's claims. Nothing more is committed.</summary>
internal sealed class LeaseLostException(string instance, TimeSpan silent)
    : Exception($"instance {instance} has not renewed its claim lease for {silent.TotalSeconds:0.#} s: its claimed files may be taken over, so nothing more is committed this poll");

/// <summary>
/// This instance's hold on the files it claimed. Other instances take claims over only from an instance whose
/// heartbeat is older than <see cref="WorkerOptions.ClaimLease"/>; the heartbeat is renewed on its own timer
/// (every quarter lease), independent of how long a batch takes, so only a silent owner (dead, frozen, or cut
/// off from the store) loses its claims. Before it records or moves anything the owner checks <see cref="Held"/>.
/// </summary>
internal sealed class ClaimLease : IDisposable
{
    private readonly RunStore _store;
    private readonly WorkerOptions _worker;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTime _renewedAt = DateTime.MinValue;
    private bool _failing;

    public ClaimLease(RunStore store, WorkerOptions worker, TimeProvider clock, ILogger<ClaimLease> logger)
    {
        _store = store;
        _worker = worker;
        _clock = clock;
        _logger = logger;
    }

    public string Instance => _worker.InstanceId;
    public TimeSpan Duration => _worker.ClaimLease;

    /// <summary>Renews the heartbeat every quarter lease from now on (the poll renews it too).</summary>
    public void Start()
    {
        var every = _worker.ClaimLease / 4;
        _timer ??= _clock.CreateTimer(_ => Renew(), null, TimeSpan.Zero, every);
    }

    /// <summary>Writes the heartbeat now; a failure is logged once per outage and the next tick tries again.</summary>
    public bool Renew()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        try
        {
            _store.Heartbeat(_worker.InstanceId, now);
            lock (_gate)
            {
                if (now > _renewedAt) _renewedAt = now;
                if (_failing) _logger.LogInformation("Heartbeat of {Instance} written again", _worker.InstanceId);
                _failing = false;
            }
            return true;
        }
        catch (Exception e) when (_store.Database.IsTransient(e) || e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            lock (_gate)
            {
                if (!_failing) _logger.LogWarning("Heartbeat of {Instance} not written (claims are kept for {Lease} after the last one): {Reason}",
                    _worker.InstanceId, _worker.ClaimLease, e.Message);
                _failing = true;
            }
            return false;
        }
    }

    /// <summary>
    /// The last heartbeat is recent enough that no other instance can have taken a claim over: younger than
    /// three quarters of the lease (the rest is a margin for clocks and the time the commit itself takes).
    /// </summary>
    public bool Held => Silent < _worker.ClaimLease * 0.75;

    public TimeSpan Silent
    {
        get { lock (_gate) return _clock.GetUtcNow().UtcDateTime - _renewedAt; }
    }

    /// <summary>Throws <see cref="LeaseLostException"/> unless the lease is held. A lapsed lease is not renewed here:
    /// once it lapsed another instance may be taking the claims over, and the next poll sorts out what is left.</summary>
    public void EnsureHeld()
    {
        if (!Held) throw new LeaseLostException(_worker.InstanceId, Silent);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
