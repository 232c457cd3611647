using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace DisclosureWatch.Storage;

/// <summary>
/// The analysis JSON as stored from migration 7 on: Brotli, the only copy of a report's texts from migration 8 on.
/// Quality 0 (Brotli's one-pass fast path): over 300 bench reports (22.7 KB of JSON each) 6.22 KB in 43–50 µs of CPU,
/// where quality 2 gave 5.93 KB in 105–1,100 µs (its encoder allocates and clears its tables on every call, and perf
/// showed those page faults and memsets as 7% of `bench ingest`), quality 5 4.66 KB in 315 µs; zlib fastest 6.91 KB
/// in 47 µs. Any quality decodes the same way, so rows written at another quality read as before.
/// </summary>
internal static class CompressedJson
{
    private const int Quality = 0;
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
