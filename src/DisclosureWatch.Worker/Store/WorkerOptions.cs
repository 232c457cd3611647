using DisclosureWatch.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace DisclosureWatch.Worker.Store;

/// <summary>Section "Worker": this instance among several sharing one store and inbox.</summary>
internal sealed class WorkerOptions
{
    public const string Section = "Worker";
    /// <summary>Unique per running instance (default: the machine name); names its claim folder work/ID.</summary>
    public string InstanceId { get; set; } = Environment.MachineName;
    /// <summary>An instance silent (no heartbeat) for this long is dead: its claimed files go back to the living.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Binds and checks "Worker"; every problem is added to <paramref name="problems"/>, naming its key.</summary>
    public static WorkerOptions Read(IConfiguration config, List<string> problems) => SectionBinder.Bind<WorkerOptions>(config, Section, problems, Problems);

    private static IEnumerable<string> Problems(WorkerOptions worker)
    {
        if (string.IsNullOrWhiteSpace(worker.InstanceId) || worker.InstanceId.IndexOfAny([.. Path.GetInvalidFileNameChars(), '.']) >= 0)
            yield return $"Worker:InstanceId: '{worker.InstanceId}' must be a non-empty name without '/' or '.'";
        if (worker.ClaimLease <= TimeSpan.Zero) yield return "Worker:ClaimLease: must be positive";
        // The heartbeat is renewed every quarter lease; a lease under a second would have it written several times a second.
        else if (worker.ClaimLease < TimeSpan.FromSeconds(1)) yield return $"Worker:ClaimLease: must be at least 00:00:01 (got {worker.ClaimLease})";
    }
}
