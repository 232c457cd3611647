using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// One file of the inbox as the directory lists it. <see cref="Name"/> is what the worker calls it; when the
/// name on disk is not valid UTF-8 (GBK bytes from an old Windows share), <see cref="RawName"/> holds the bytes
/// and <see cref="Name"/> is their GB18030 reading (exact for a GBK name: it encodes back to the same bytes), with
/// any byte it cannot read shown as \xHH; the bytes themselves go into NAME.error.txt and the claim's log line.
/// </summary>
internal sealed record InboxEntry(string Name, byte[]? RawName)
{
    public bool Undecodable => RawName is not null;

    /// <summary>The bytes as hex (for logs and NAME.error.txt).</summary>
    public string RawHex => RawName is null ? "" : Convert.ToHexStringLower(RawName);
}

/// <summary>
/// The inbox listed as a stream, one directory entry at a time (readdir(3)): a poll never holds the whole
/// listing, so 100,000 waiting files cost no more memory than ten. .NET's own enumeration turns a name that is
/// not UTF-8 into U+FFFD and can then neither open nor rename it; this reads the raw bytes, and
/// <see cref="Move(string, InboxEntry, string)"/> / <see cref="Stat"/> work on them.
/// </summary>
internal static class InboxListing
{
    private const byte DtUnknown = 0, DtReg = 8;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private static readonly Encoding Gb18030Name = GetGb18030();

    /// <summary>Regular files of <paramref name="folder"/> (entries of unknown type are checked), in directory order.</summary>
    public static IEnumerable<InboxEntry> Files(string folder)
    {
        var dir = opendir(Encoding.UTF8.GetBytes(folder + "\0"));
        if (dir == IntPtr.Zero) throw new DirectoryNotFoundException($"{folder}: cannot be listed (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            while (readdir(dir) is var entry && entry != IntPtr.Zero)
            {
                // struct dirent (glibc, 64-bit): d_ino 8, d_off 8, d_reclen 2, d_type 1, then d_name NUL-terminated.
                var type = Marshal.ReadByte(entry, 18);
                var raw = NameBytes(entry + 19);
                if (raw is [(byte)'.'] or [(byte)'.', (byte)'.']) continue;
                var e = Entry(raw);
                if (type == DtReg || (type == DtUnknown && !e.Undecodable && File.Exists(Path.Combine(folder, e.Name))))
                    yield return e;
            }
        }
        finally { _ = closedir(dir); }
    }

    private static byte[] NameBytes(IntPtr p)
    {
        var length = 0;
        while (Marshal.ReadByte(p, length) != 0) length++;
        var bytes = new byte[length];
        Marshal.Copy(p, bytes, 0, length);
        return bytes;
    }

    internal static InboxEntry Entry(byte[] raw)
    {
        try { return new InboxEntry(StrictUtf8.GetString(raw), null); }
        catch (DecoderFallbackException) { }
        return new InboxEntry(Readable(raw), raw);
    }

    /// <summary>
    /// The name read as GB18030 or as UTF-8, whichever leaves fewer bytes unreadable (a name from a Chinese Windows is
    /// GB18030 throughout: exact, it encodes back to the same bytes); each byte neither can read is written \xHH.
    /// </summary>
    private static string Readable(byte[] raw)
    {
        var gb = Unmapped(Lenient(Gb18030Name, raw, out var gbBad), ref gbBad);
        var utf8 = Lenient(Encoding.UTF8, raw, out var utf8Bad);
        return gbBad < utf8Bad ? gb : utf8;
    }

    /// <summary>GB18030 gives every byte sequence a character: the ones it can only map to the private use area (0x80, 0xFF …) are no text.</summary>
    private static string Unmapped(string text, ref int bad)
    {
        if (!text.Any(c => c is >= '\uE000' and <= '\uF8FF')) return text;
        var clean = new StringBuilder();
        foreach (var c in text)
            if (c is >= '\uE000' and <= '\uF8FF')
            {
                foreach (var b in Gb18030Name.GetBytes(c.ToString())) clean.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
                bad++;
            }
            else clean.Append(c);
        return clean.ToString();
    }

    private static string Lenient(Encoding encoding, byte[] raw, out int bad)
    {
        var fallback = new HexFallback();
        var text = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, fallback).GetString(raw);
        bad = fallback.Count;
        return text;
    }

    /// <summary>Each byte the decoder cannot read becomes \xHH.</summary>
    private sealed class HexFallback : DecoderFallback
    {
        public int Count;
        public override int MaxCharCount => 4;
        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(HexFallback owner) : DecoderFallbackBuffer
        {
            private string _text = "";
            private int _next;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Count += bytesUnknown.Length;
                _text = string.Concat(bytesUnknown.Select(b => $"\\x{b:X2}"));
                _next = 0;
                return true;
            }

            public override char GetNextChar() => _next < _text.Length ? _text[_next++] : '\0';
            public override bool MovePrevious() => _next > 0 && _next-- > 0;
            public override int Remaining => _text.Length - _next;
        }
    }

    /// <summary>Size and modification time of an entry (by its raw bytes when it has them).</summary>
    public static (long Size, DateTime MtimeUtc)? Stat(string folder, InboxEntry e)
    {
        if (!e.Undecodable)
        {
            var info = new FileInfo(Path.Combine(folder, e.Name));
            return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
        }
        const int ORdonly = 0, ONonblock = 0x800, ONofollow = 0x20000;
        var fd = open(PathBytes(folder, e), ORdonly | ONonblock | ONofollow);
        if (fd < 0) return null;
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        return (RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle));
    }

    /// <summary>What became of a move that never replaces a file.</summary>
    public enum MoveResult { Moved, TargetExists, SourceGone }

    /// <summary>
    /// Moves an inbox entry to <paramref name="target"/> (by its raw bytes when it has them); see <see cref="Move(byte[], string, string)"/>.
    /// Of several instances claiming the same entry exactly one wins; the others find it gone.
    /// </summary>
    public static MoveResult Move(string folder, InboxEntry e, string target) =>
        Move(e.Undecodable ? PathBytes(folder, e) : Encoding.UTF8.GetBytes(Path.Combine(folder, e.Name) + "\0"), target, e.Undecodable ? $"{e.Name} (bytes {e.RawHex})" : e.Name);

    public static MoveResult Move(string source, string target) => Move(Encoding.UTF8.GetBytes(source + "\0"), target, source);

    /// <summary>
    /// One renameat2(2) with RENAME_NOREPLACE: atomic, and never replaces a file at <paramref name="target"/> (File.Move
    /// checks with three stat calls, then renames: a file arriving between them was overwritten). Where the file
    /// system cannot (NFS: EINVAL), a check and rename(2). A missing target folder throws <see cref="DirectoryNotFoundException"/>;
    /// other errors throw with the reason.
    /// </summary>
    private static MoveResult Move(byte[] source, string target, string named)
    {
        var to = Encoding.UTF8.GetBytes(target + "\0");
        const int AtFdCwd = -100, RenameNoReplace = 1, ENoent = 2, EExist = 17, EInval = 22, ENosys = 38;
        var done = renameat2(AtFdCwd, source, AtFdCwd, to, RenameNoReplace) == 0;
        var errno = done ? 0 : Marshal.GetLastPInvokeError();
        if (errno is EInval or ENosys)
        {
            if (Path.Exists(target)) return MoveResult.TargetExists;
            done = rename(source, to) == 0;
            errno = done ? 0 : Marshal.GetLastPInvokeError();
        }
        if (done) return MoveResult.Moved;
        if (errno == EExist) return MoveResult.TargetExists;
        if (errno == ENoent && !Directory.Exists(Path.GetDirectoryName(target)))
            throw new DirectoryNotFoundException($"{named}: cannot be moved: the folder of {target} does not exist");
        if (errno == ENoent) return MoveResult.SourceGone;
        throw new IOException($"{named}: cannot be moved to {target} (errno {errno})");
    }

    private static byte[] PathBytes(string folder, InboxEntry e)
    {
        var dir = Encoding.UTF8.GetBytes(folder.TrimEnd('/') + "/");
        return [.. dir, .. e.RawName!, 0];
    }

    /// <summary>Bytes a name may take in one path component (ext4, xfs, tmpfs, NFS: 255).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// <paramref name="name"/> fitted to <see cref="MaxNameBytes"/> − <paramref name="reserve"/> bytes of UTF-8: a longer one
    /// keeps its extension and as much of its stem as fits, plus "~" and 8 hex digits of its hash so that two long
    /// names sharing a prefix stay apart.
    /// </summary>
    public static string Fit(string name, int reserve = 0)
    {
        var limit = MaxNameBytes - reserve;
        if (Encoding.UTF8.GetByteCount(name) <= limit) return name;
        var ext = Path.GetExtension(name);
        if (Encoding.UTF8.GetByteCount(ext) > 16) ext = "";
        var tag = "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        var room = limit - Encoding.UTF8.GetByteCount(ext) - tag.Length;
        var stem = new StringBuilder();
        var bytes = 0;
        foreach (var rune in name[..^Path.GetExtension(name).Length].EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > room) break;
            bytes += rune.Utf8SequenceLength;
            stem.Append(rune.ToString());
        }
        return stem + tag + ext;
    }

    private static Encoding GetGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    [DllImport("libc", SetLastError = true)] private static extern IntPtr opendir(byte[] path);
    [DllImport("libc", SetLastError = true)] private static extern IntPtr readdir(IntPtr dir);
    [DllImport("libc")] private static extern int closedir(IntPtr dir);
    [DllImport("libc", SetLastError = true)] private static extern int open(byte[] path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int rename(byte[] from, byte[] to);
    [DllImport("libc", SetLastError = true)] private static extern int renameat2(int fromDir, byte[] from, int toDir, byte[] to, uint flags);
}
