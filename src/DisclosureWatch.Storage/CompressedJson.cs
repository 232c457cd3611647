using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace DisclosureWatch.Storage;

/// <summary>
/// The analysis JSON as stored from migration 7 on: Brotli. Over the bench's reports 23 KB of JSON became 4.8 KB
/// at quality 5, but that took 12% of `bench ingest`'s CPU (perf); quality 2 with a 64 KB window (a report's JSON
/// is 20–30 KB) costs a fraction of it. From migration 8 on it is the only copy of a report's texts; measured again
/// over 2,000 bench reports (23.3 KB of JSON each, on top of 71 µs to write it): quality 1 6.3 KB (+114 µs), 2 6.1 KB
/// (+210 µs), 3 6.0 KB (+267 µs), 4 5.7 KB (+410 µs), 5 4.8 KB (+613 µs), at load average 40 (quiet: about half).
/// </summary>
internal static class CompressedJson
{
    private const int Quality = 2;
    private const int Window = 16;

    /// <summary>Compresses <paramref name="json"/> into <paramref name="buffer"/> (reset first); valid until its next use.</summary>
    public static ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> json, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        var target = buffer.GetSpan(BrotliEncoder.GetMaxCompressedLength(json.Length));
        if (!BrotliEncoder.TryCompress(json, target, out var written, Quality, Window))
            throw new InvalidOperationException($"Brotli could not compress {json.Length} bytes of JSON");
        buffer.Advance(written);
        return buffer.WrittenSpan;
    }

    public static string Decompress(byte[] stored)
    {
        using var input = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var text = new StreamReader(input, Encoding.UTF8);
        return text.ReadToEnd();
    }

    /// <summary>The JSON as UTF-8, for a reader that parses it (no string of it made).</summary>
    public static byte[] DecompressUtf8(byte[] stored)
    {
        using var input = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var output = new MemoryStream(stored.Length * 6);
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A report's JSON from its row: the compressed column when set, else the text stored before version 7.</summary>
    public static string Read(object? compressed, object? text) =>
        compressed is byte[] bytes ? Decompress(bytes) : text as string ?? "";
}
