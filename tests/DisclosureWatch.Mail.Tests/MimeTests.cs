using System.Text;
using DisclosureWatch.Mail.Imap;
using DisclosureWatch.Mail.Mime;
using DisclosureWatch.Mail.Smtp;

namespace DisclosureWatch.Mail.Tests;

/// <summary>Reader and writer edge cases on hand-written messages as real mailers send them.</summary>
public sealed class MimeTests
{
    static MimeMessage Parse(string text, MimeLimits? limits = null) =>
        MimeMessage.Parse(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")), limits);

    [Fact]
    public void Encoded_words_split_inside_a_character_and_mixed_charsets_decode()
    {
        // "年度报告" in UTF-8 is 12 bytes; cut after byte 4 (inside 度), as some mailers do.
        var bytes = Encoding.UTF8.GetBytes("年度报告");
        var w1 = Convert.ToBase64String(bytes[..4]);
        var w2 = Convert.ToBase64String(bytes[4..]);
        var gbk = Convert.ToBase64String(Charsets.Find("GB18030")!.GetBytes("（修订）"));
        Assert.Equal("年度报告（修订） v2",
            HeaderCodec.DecodeWords($"=?UTF-8?B?{w1}?=\r\n =?utf-8?b?{w2}?= =?GB2312?B?{gbk}?= v2"));
        Assert.Equal("报告 a_b c", HeaderCodec.DecodeWords("=?utf-8?Q?=E6=8A=A5=E5=91=8A?= a_b =?iso-8859-1?q?c?="));
        Assert.Equal("中文", HeaderCodec.DecodeWords("=?UTF-8*zh-CN?B?5Lit5paH?="));
        Assert.Equal("not =?encoded", HeaderCodec.DecodeWords("not =?encoded"));
    }

    [Fact]
    public void Rfc2231_continuations_charsets_and_plain_fallbacks_are_joined()
    {
        var v = HeaderCodec.ParseStructured(
            "attachment; filename*0*=UTF-8''%E5%B9%B4%E5%BA%A6; filename*1=\"-2024\"; filename*2*=%E6%8A%A5%E5%91%8A.pdf; size=42");
        Assert.Equal("attachment", v.Value);
        Assert.Equal("年度-2024报告.pdf", v["filename"]);
        Assert.Equal("42", v["size"]);
        var gbk = HeaderCodec.ParseStructured("attachment; filename*=gb2312'zh'%C4%EA%B1%A8.txt");
        Assert.Equal("年报.txt", gbk["filename"]);
        var quoted = HeaderCodec.ParseStructured("text/plain; name=\"a; b \\\"c\\\".txt\"; charset=GBK");
        Assert.Equal("a; b \"c\".txt", quoted["name"]);
        Assert.Equal("GBK", quoted["CHARSET"]);
    }

    [Fact]
    public void Name_falls_back_to_content_type_and_file_names_never_become_paths()
    {
        var m = Parse("""
            Subject: x
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: application/pdf; name="=?GBK?B?xOqxqC5wZGY=?="
            Content-Transfer-Encoding: base64

            JVBERi0=
            --b
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename="../../etc/cron.d/evil"

            x
            --b
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename="C:\Users\a\..\报告\u202Efdp.exe"

            y
            --b
            Content-Type: image/png

            z
            --b--
            """.Replace("\\u202E", "\u202E"));
        Assert.Equal(["年报.pdf", "evil", "报告fdp.exe", "part-4.bin"], m.Attachments.Select(a => a.FileName));
        Assert.Equal("%PDF-"u8.ToArray(), m.Attachments[0].Content);
        Assert.Equal("../../etc/cron.d/evil", m.Attachments[1].RawFileName);
        Assert.Null(MimeFileName.Sanitize(" .. "));
        Assert.Equal("a_b_.txt", MimeFileName.Sanitize("a<b>.txt"));
    }

    [Fact]
    public void Limits_refuse_single_parts_with_a_reason_and_the_whole_message_only_when_too_big()
    {
        var text = """
            Subject: limits
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: text/plain; charset=utf-8

            正文
            --outer
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="big.pdf"
            Content-Transfer-Encoding: base64

            QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB
            --outer
            Content-Type: multipart/mixed; boundary="inner"

            --inner
            Content-Type: text/plain; name="deep.txt"

            deep
            --inner--
            --outer--
            """;
        var m = Parse(text, new MimeLimits { MaxAttachmentBytes = 20, MaxDepth = 1 });
        Assert.Equal("正文", m.TextBody);
        var big = m.Attachments.Single(a => a.FileName == "big.pdf");
        Assert.True(big.IsRefused);
        Assert.Contains("20-byte limit", big.RefusedReason);
        Assert.Empty(big.Content);
        var deep = m.Attachments.Single(a => a.IsRefused && a != big);
        Assert.Contains("nested deeper", deep.RefusedReason);
        Assert.Equal(2, m.Problems.Count);
        Assert.StartsWith("part 2 (big.pdf): part is about 57 bytes", m.Problems[0]);

        var fine = Parse(text);
        Assert.Equal("deep", Encoding.ASCII.GetString(fine.Attachments.Single(a => a.FileName == "deep.txt").Content));
        Assert.Equal("3.1", fine.Attachments.Single(a => a.FileName == "deep.txt").Path);

        var counted = Parse(text, new MimeLimits { MaxParts = 3 });
        Assert.Contains(counted.Problems, p => p.Contains("more than 3 parts"));
        Assert.Throws<MimeException>(() => Parse(text, new MimeLimits { MaxMessageBytes = 100 }));
        Assert.Throws<MimeException>(() => MimeMessage.Parse(new MemoryStream(new byte[1000]), new MimeLimits { MaxMessageBytes = 100 }));
    }

    [Fact]
    public void Quoted_printable_bare_lf_raw_gbk_headers_and_a_missing_close_delimiter_are_tolerated()
    {
        var gbk = Charsets.Find("GB18030")!;
        var raw = gbk.GetBytes("Subject: 原始GBK主题\nFrom: 王科员 <w@x.cn>\nDate: 21 Nov 2026 08:00:00 +0800 (CST)\n"
            + "Content-Type: multipart/alternative; boundary=\"q\"\n\n--q\nContent-Type: text/plain; charset=gbk\n"
            + "Content-Transfer-Encoding: quoted-printable\n\n")
            .Concat(Encoding.ASCII.GetBytes("=C4=EA=B1=A8 soft=\nbreak   \ntrailing=20\n--q\nContent-Type: text/html\n\n<p>h</p>\n"))
            .ToArray();
        var m = MimeMessage.Parse(raw);
        Assert.Equal("原始GBK主题", m.Subject);
        Assert.Equal("王科员 <w@x.cn>", m.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.FromHours(8)), m.Date);
        Assert.Equal("年报 softbreak\ntrailing ", m.TextBody);
        Assert.Equal("<p>h</p>\n", m.HtmlBody);
    }

    [Fact]
    public void Writer_output_reads_back_and_keeps_lines_short()
    {
        var name = string.Concat(Enumerable.Repeat("政府信息公开工作年度报告", 6)) + ".docx";
        var content = Encoding.UTF8.GetBytes("PK fake docx");
        var bytes = MimeWriter.Write(new OutgoingMessage
        {
            From = new MailboxAddress("a@dw.test", "Zhang \"Z\" San"),
            To = [new MailboxAddress("b@dw.test", "李四")],
            Subject = string.Concat(Enumerable.Repeat("周报：政府信息公开年报审查结果 ", 5)),
            TextBody = "Mostly ASCII text, quoted-printable: 年报 = ok\nline two with a very long tail " + new string('x', 120),
            HtmlBody = "<p>全部中文内容，使用base64编码</p>",
            Attachments = [new OutgoingAttachment(name, "application/octet-stream", content)],
            Date = new DateTimeOffset(2026, 11, 21, 20, 15, 0, TimeSpan.FromHours(8)),
            MessageId = "fixed@dw.test",
        });
        var text = Encoding.ASCII.GetString(bytes);
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        Assert.DoesNotContain('\n', text.Replace("\r\n", ""));
        Assert.Contains("Date: Sat, 21 Nov 2026 20:15:00 +0800\r\n", text);
        Assert.Contains("Message-ID: <fixed@dw.test>\r\n", text);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", text);
        Assert.Contains("filename*0*=UTF-8''", text);

        var m = MimeMessage.Parse(bytes);
        Assert.Equal(string.Concat(Enumerable.Repeat("周报：政府信息公开年报审查结果 ", 5)), m.Subject);
        Assert.Equal("\"Zhang \\\"Z\\\" San\" <a@dw.test>", m.From);
        Assert.StartsWith("Mostly ASCII text, quoted-printable: 年报 = ok\nline two", m.TextBody);
        Assert.Equal("<p>全部中文内容，使用base64编码</p>", m.HtmlBody);
        Assert.Equal(name, m.Attachments.Single().FileName);
        Assert.Equal(content, m.Attachments.Single().Content);
        Assert.Equal("fixed@dw.test", m.MessageId);
    }

    [Fact]
    public void Base64_and_quoted_printable_decoding_is_lenient_where_mail_is_sloppy()
    {
        Assert.Equal("中文", Encoding.UTF8.GetString(TransferEncoding.DecodeBase64("5Lit\r\n5paH\r\n"u8)));
        Assert.Equal("ab", Encoding.ASCII.GetString(TransferEncoding.DecodeBase64("YWI"u8)));      // padding lost
        Assert.Equal("abc", Encoding.ASCII.GetString(TransferEncoding.DecodeBase64("YW*J\tj"u8)));  // junk inside
        Assert.Equal("a", Encoding.ASCII.GetString(TransferEncoding.DecodeBase64("YQ==YWI="u8)));  // data after the end
        Assert.Equal("a=b c", Encoding.ASCII.GetString(TransferEncoding.DecodeQuotedPrintable("a=3Db =\r\nc"u8)));
        var text = "第一行 line\r\n\t第二行 = 末尾空格 \r\n";
        var qp = TransferEncoding.EncodeQuotedPrintable(Encoding.UTF8.GetBytes(text));
        Assert.All(qp.Split("\r\n"), line => Assert.True(line.Length <= 76));
        Assert.Equal(text, Encoding.UTF8.GetString(TransferEncoding.DecodeQuotedPrintable(Encoding.ASCII.GetBytes(qp))));
    }

    [Fact]
    public void Modified_utf7_matches_rfc3501_and_round_trips()
    {
        Assert.Equal("~peter/mail/&U,BTFw-/&ZeVnLIqe-", ModifiedUtf7.Encode("~peter/mail/台北/日本語"));
        Assert.Equal("~peter/mail/台北/日本語", ModifiedUtf7.Decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
        Assert.Equal("A&-B", ModifiedUtf7.Encode("A&B"));
        foreach (var name in new[] { "已处理", "收件箱/2024 年报", "𠀀 rare", "&&" })
            Assert.Equal(name, ModifiedUtf7.Decode(ModifiedUtf7.Encode(name)));
    }

    [Fact]
    public void Dot_stuffing_doubles_leading_dots_and_normalizes_line_ends()
    {
        Assert.Equal("..a\r\nb\r\n..\r\n\r\nc\r\n.\r\n", Encoding.ASCII.GetString(SmtpClient.DotStuff(Encoding.ASCII.GetBytes(".a\nb\r\n.\r\rc"))));
        Assert.Equal("1:3,7,9:10", ImapClient.UidSet([9, 1, 2, 3, 7, 10, 2]));
    }
}
