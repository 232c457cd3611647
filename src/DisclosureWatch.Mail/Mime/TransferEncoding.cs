using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace DisclosureWatch.Mail.Mime;

/// <summary>Content-Transfer-Encoding: lenient decoders (real mail is sloppy) and strict encoders.</summary>
public static class TransferEncoding
{
    /// <summary>Decodes base64, skipping line breaks and any non-alphabet byte; tolerates missing padding.</summary>
    public static byte[] DecodeBase64(ReadOnlySpan<byte> input)
    {
        // Strip line breaks into a pooled buffer and hand clean input to the vectorized decoder; anything odd
        // (junk inside, "=" mid-stream, missing padding) goes through the lenient loop below instead.
        var clean = ArrayPool<byte>.Shared.Rent(input.Length);
        try
        {
            int n = 0;
            foreach (var b in input)
                if (Base64Table[b] >= 0 || b == '=') clean[n++] = b;
            var output = new byte[n / 4 * 3 + 3];
            var status = Base64.DecodeFromUtf8(clean.AsSpan(0, n), output, out int consumed, out int written);
            if (status == OperationStatus.Done && consumed == n) return output.AsSpan(0, written).ToArray();
            return DecodeBase64Lenient(clean.AsSpan(0, n));
        }
        finally { ArrayPool<byte>.Shared.Return(clean); }
    }

    static byte[] DecodeBase64Lenient(ReadOnlySpan<byte> input)
    {
        var output = new byte[input.Length / 4 * 3 + 3];
        int o = 0, quad = 0, bits = 0;
        foreach (var b in input)
        {
            if (b == '=') break;
            int v = Base64Table[b];
            if (v < 0) continue;
            bits = (bits << 6) | v;
            if (++quad == 4)
            {
                output[o++] = (byte)(bits >> 16); output[o++] = (byte)(bits >> 8); output[o++] = (byte)bits;
                quad = 0; bits = 0;
            }
        }
        if (quad == 2) output[o++] = (byte)(bits >> 4);
        else if (quad == 3) { output[o++] = (byte)(bits >> 10); output[o++] = (byte)(bits >> 2); }
        return output.AsSpan(0, o).ToArray();
    }

    private static readonly sbyte[] Base64Table = BuildBase64Table();

    static sbyte[] BuildBase64Table()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.Length; i++) table[alphabet[i]] = (sbyte)i;
        return table;
    }

    /// <summary>Quoted-printable body decoding (RFC 2045 6.7): =XX, soft line breaks, trailing blanks dropped.
    /// With <paramref name="header"/> (RFC 2047 Q) an underscore means a space.</summary>
    public static byte[] DecodeQuotedPrintable(ReadOnlySpan<byte> input, bool header = false)
    {
        var output = new byte[input.Length];
        int o = 0;
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            if (b == '=')
            {
                if (i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
                {
                    output[o++] = (byte)(HexValue(input[i + 1]) << 4 | HexValue(input[i + 2]));
                    i += 2;
                    continue;
                }
                // Soft line break: "=" then optional blanks then CRLF or LF.
                int j = i + 1;
                while (j < input.Length && (input[j] == ' ' || input[j] == '\t')) j++;
                if (j < input.Length && input[j] == '\r') j++;
                if (j < input.Length && input[j] == '\n') { i = j; continue; }
                if (j >= input.Length) break;
                output[o++] = b; // a stray "=" is kept literally
            }
            else if (header && b == '_') output[o++] = (byte)' ';
            else if ((b == ' ' || b == '\t') && !header)
            {
                // Trailing whitespace on a line was added in transport and must be dropped.
                int j = i;
                while (j < input.Length && (input[j] == ' ' || input[j] == '\t')) j++;
                if (j == input.Length || input[j] == '\r' || input[j] == '\n') { i = j - 1; continue; }
                output[o++] = b;
            }
            else output[o++] = b;
        }
        return output.AsSpan(0, o).ToArray();
    }

    static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F' or >= (byte)'a' and <= (byte)'f';
    static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>Base64 in lines of 76 characters, each ended by CRLF.</summary>
    public static string EncodeBase64Lines(ReadOnlySpan<byte> data)
    {
        var b64 = Convert.ToBase64String(data);
        var sb = new StringBuilder(b64.Length + b64.Length / 76 * 2 + 2);
        for (int i = 0; i < b64.Length; i += 76)
            sb.Append(b64, i, Math.Min(76, b64.Length - i)).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>Quoted-printable (RFC 2045 6.7) with lines of at most 76 characters; line breaks in the text
    /// become CRLF hard breaks.</summary>
    public static string EncodeQuotedPrintable(ReadOnlySpan<byte> data)
    {
        const string hex = "0123456789ABCDEF";
        var sb = new StringBuilder(data.Length * 2);
        int lineLength = 0;
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            if (b == '\r' && i + 1 < data.Length && data[i + 1] == '\n') { sb.Append("\r\n"); lineLength = 0; i++; continue; }
            if (b == '\n') { sb.Append("\r\n"); lineLength = 0; continue; }
            bool atLineEnd = i + 1 == data.Length || data[i + 1] == '\r' || data[i + 1] == '\n';
            bool literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !atLineEnd);
            // A leading "." or "From " is safe for SMTP after dot-stuffing; keep it literal.
            int width = literal ? 1 : 3;
            if (lineLength + width > 75) { sb.Append("=\r\n"); lineLength = 0; }
            if (literal) sb.Append((char)b);
            else sb.Append('=').Append(hex[b >> 4]).Append(hex[b & 15]);
            lineLength += width;
        }
        return sb.ToString();
    }
}
