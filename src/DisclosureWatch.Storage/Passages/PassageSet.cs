using System.Buffers;
using System.Buffers.Binary;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Storage.Passages;

/// <summary>
/// A report's passages as one row from migration 8 on (passage_sets.passages): for each passage, in the order of the
/// analysis, its position (int32) and its confidence (double, NaN when unlabelled), little-endian; 12 bytes a passage
/// where a row each cost about 60 with its index entry. Text, context, section and label are in the analysis JSON.
/// </summary>
internal static class PassageSet
{
    private const int Size = 12;

    /// <summary>Writes into <paramref name="buffer"/> (reset first); valid until its next use.</summary>
    public static ReadOnlySpan<byte> Write(IReadOnlyList<Passage> passages, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        var span = buffer.GetSpan(passages.Count * Size);
        for (var i = 0; i < passages.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(i * Size)..], passages[i].Position);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(i * Size + 4)..], passages[i].Confidence ?? double.NaN);
        }
        buffer.Advance(passages.Count * Size);
        return buffer.WrittenSpan;
    }

    public static int Count(byte[] set) => set.Length / Size;

    public static (int Position, double? Confidence) Read(byte[] set, int index)
    {
        var at = set.AsSpan(index * Size, Size);
        var confidence = BinaryPrimitives.ReadDoubleLittleEndian(at[4..]);
        return (BinaryPrimitives.ReadInt32LittleEndian(at), double.IsNaN(confidence) ? null : confidence);
    }
}
