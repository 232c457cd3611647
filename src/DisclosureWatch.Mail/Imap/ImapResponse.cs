using System.Text;
using DisclosureWatch.Mail.Mime;
using DisclosureWatch.Mail.Tls;

namespace DisclosureWatch.Mail.Imap;

/// <summary>One server response. Status responses (OK/NO/BAD/BYE/PREAUTH) carry <see cref="Code"/> and
/// <see cref="Text"/>; data responses carry <see cref="Data"/>: atoms and quoted strings as string, NIL as null,
/// literals as byte[], parenthesized lists as List&lt;object?&gt;.</summary>
internal sealed class ImapResponse
{
    public required string Tag { get; init; }            // "*", "+", or a command tag
    public string? Status { get; init; }                 // OK, NO, BAD, BYE, PREAUTH
    public string? Code { get; init; }                   // "UIDVALIDITY 3857529045", "TRYCREATE", ...
    public string Text { get; init; } = "";
    public List<object?> Data { get; init; } = new();

    public bool IsContinuation => Tag == "+";
    public bool IsUntagged => Tag == "*";
    /// <summary>"EXISTS" of "* 12 EXISTS", "SEARCH" of "* SEARCH 1 2": the first non-number data atom.</summary>
    public string? Kind => Data.FirstOrDefault(d => d is string s && !uint.TryParse(s, out _)) as string;

    public string? CodeName => Code?.Split(' ', 2)[0].ToUpperInvariant();
    public string? CodeArgument => Code?.Split(' ', 2) is { Length: 2 } parts ? parts[1] : null;

    public override string ToString() => Status is null
        ? $"{Tag} {string.Join(' ', Data.Select(d => d is byte[] b ? $"{{{b.Length}}}" : d?.ToString() ?? "NIL"))}"
        : $"{Tag} {Status} {(Code is null ? "" : $"[{Code}] ")}{Text}";

    /// <summary>Reads one complete response, including literals ({n}, {n+}, ~{n}) and the lines that follow them.</summary>
    public static async Task<ImapResponse> ReadAsync(MailConnection connection, long maxLiteral, Action<long>? progress,
        Func<string, bool, Exception?, MailException> fail, CancellationToken ct)
    {
        var line = await connection.ReadLineAsync(ct);
        int space = Array.IndexOf(line, (byte)' ');
        var tag = Encoding.ASCII.GetString(line, 0, space < 0 ? line.Length : space);
        int pos = space < 0 ? line.Length : space + 1;
        if (tag == "+") return new ImapResponse { Tag = tag, Text = Decode(line, pos) };
        int wordEnd = Array.IndexOf(line, (byte)' ', pos);
        var word = Encoding.ASCII.GetString(line, pos, (wordEnd < 0 ? line.Length : wordEnd) - pos).ToUpperInvariant();
        if (word is "OK" or "NO" or "BAD" or "BYE" or "PREAUTH")
        {
            var text = wordEnd < 0 ? "" : Decode(line, wordEnd + 1);
            string? code = null;
            if (text.StartsWith('['))
            {
                int close = text.IndexOf(']');
                if (close > 0) { code = text[1..close]; text = text[(close + 1)..].TrimStart(); }
            }
            return new ImapResponse { Tag = tag, Status = word, Code = code, Text = text };
        }
        var reader = new TokenReader(connection, line, pos, maxLiteral, progress, fail);
        return new ImapResponse { Tag = tag, Data = await reader.ReadListAsync(ct, nested: false) };
    }

    static string Decode(byte[] line, int from) => from >= line.Length ? "" : Charsets.DecodeGuess(line.AsSpan(from));

    private sealed class TokenReader(MailConnection connection, byte[] line, int pos, long maxLiteral,
        Action<long>? progress, Func<string, bool, Exception?, MailException> fail)
    {
        public async Task<List<object?>> ReadListAsync(CancellationToken ct, bool nested)
        {
            var items = new List<object?>();
            while (true)
            {
                while (pos < line.Length && line[pos] == ' ') pos++;
                if (pos >= line.Length)
                {
                    if (nested) throw fail("IMAP response ended inside a parenthesized list", false, null);
                    return items;
                }
                byte c = line[pos];
                if (c == ')')
                {
                    if (!nested) throw fail("unbalanced ')' in IMAP response", false, null);
                    pos++;
                    return items;
                }
                if (c == '(') { pos++; items.Add(await ReadListAsync(ct, nested: true)); }
                else if (c == '"') items.Add(ReadQuoted());
                else if (c == '{' || (c == '~' && pos + 1 < line.Length && line[pos + 1] == '{')) items.Add(await ReadLiteralAsync(ct));
                else
                {
                    var atom = ReadAtom();
                    items.Add(atom.Equals("NIL", StringComparison.OrdinalIgnoreCase) ? null : atom);
                }
            }
        }

        string ReadQuoted()
        {
            var bytes = new List<byte>();
            pos++;
            while (pos < line.Length && line[pos] != '"')
            {
                if (line[pos] == '\\' && pos + 1 < line.Length) pos++;
                bytes.Add(line[pos++]);
            }
            pos++;
            return Charsets.DecodeGuess(bytes.ToArray());
        }

        /// <summary>An atom; "[...]" sections (BODY[HEADER.FIELDS (FROM)]) and "&lt;n&gt;" partials stay inside it.</summary>
        string ReadAtom()
        {
            int start = pos, depth = 0;
            while (pos < line.Length)
            {
                byte b = line[pos];
                if (b == '[') depth++;
                else if (b == ']') depth--;
                else if (depth <= 0 && (b == ' ' || b == '(' || b == ')')) break;
                pos++;
            }
            return Encoding.ASCII.GetString(line, start, pos - start);
        }

        async Task<byte[]> ReadLiteralAsync(CancellationToken ct)
        {
            if (line[pos] == '~') pos++; // literal8 (RFC 3516): same framing, may carry NUL bytes
            int close = Array.IndexOf(line, (byte)'}', pos);
            if (close < 0 || close != line.Length - 1)
                throw fail("malformed literal in IMAP response", false, null);
            var digits = Encoding.ASCII.GetString(line, pos + 1, close - pos - 1).TrimEnd('+');
            if (!long.TryParse(digits, out var size) || size < 0)
                throw fail($"malformed literal size {{{digits}}}", false, null);
            if (size > maxLiteral)
                throw fail($"server announced a {size}-byte literal, over the {maxLiteral}-byte limit", false, null);
            var data = await connection.ReadExactAsync((int)size, progress, ct);
            line = await connection.ReadLineAsync(ct); // the response continues after the literal
            pos = 0;
            return data;
        }
    }
}
