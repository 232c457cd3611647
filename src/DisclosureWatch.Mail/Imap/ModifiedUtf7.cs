using System.Text;

namespace DisclosureWatch.Mail.Imap;

/// <summary>Mailbox-name encoding of RFC 3501 5.1.3: printable ASCII stays, "&amp;" becomes "&amp;-", anything else is
/// "&amp;" + base64 of UTF-16BE with "," for "/" and no padding + "-". "收件箱" ⇄ "&amp;ZTZO9nux-".</summary>
public static class ModifiedUtf7
{
    public static string Encode(string name)
    {
        var sb = new StringBuilder(name.Length);
        for (int i = 0; i < name.Length;)
        {
            char c = name[i];
            if (c >= 0x20 && c <= 0x7e)
            {
                sb.Append(c == '&' ? "&-" : c);
                i++;
                continue;
            }
            int start = i;
            while (i < name.Length && (name[i] < 0x20 || name[i] > 0x7e)) i++;
            var utf16 = Encoding.BigEndianUnicode.GetBytes(name[start..i]);
            sb.Append('&').Append(Convert.ToBase64String(utf16).TrimEnd('=').Replace('/', ',')).Append('-');
        }
        return sb.ToString();
    }

    public static string Decode(string encoded)
    {
        var sb = new StringBuilder(encoded.Length);
        for (int i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != '&') { sb.Append(encoded[i]); continue; }
            int end = encoded.IndexOf('-', i + 1);
            if (end < 0) { sb.Append(encoded, i, encoded.Length - i); break; } // malformed: keep as is
            if (end == i + 1) sb.Append('&');
            else
            {
                var b64 = encoded[(i + 1)..end].Replace(',', '/');
                b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
                try { sb.Append(Encoding.BigEndianUnicode.GetString(Convert.FromBase64String(b64))); }
                catch (FormatException) { sb.Append(encoded, i, end - i + 1); }
            }
            i = end;
        }
        return sb.ToString();
    }
}
