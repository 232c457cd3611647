using DisclosureWatch.Worker.Inbox;

namespace DisclosureWatch.Worker.Classification;

/// <summary>
/// Files dropped into data/labels/incoming/ (labels, filled digest workbooks) once handled: to labels/imported/, or to
/// labels/failed/ with NAME.error.txt. The time prefix keeps a file dropped again from replacing the first.
/// </summary>
internal static class IncomingFiles
{
    public static string Imported(string labelsDirectory, string file, DateTimeOffset now) => Move(labelsDirectory, file, "imported", now);

    public static void Failed(string labelsDirectory, string file, string reason, DateTimeOffset now)
    {
        var failed = Move(labelsDirectory, file, "failed", now);
        ErrorFile.Write(failed, [("file", Path.GetFileName(file)), ("reason", reason), ("time", ErrorFile.Time(now))]);
    }

    private static string Move(string labelsDirectory, string file, string folder, DateTimeOffset now)
    {
        var dir = Path.Combine(labelsDirectory, folder);
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, $"{now:yyyyMMddHHmmss}-{Path.GetFileName(file)}");
        File.Move(file, target, overwrite: true);
        return target;
    }
}
