namespace DisclosureWatch.Extraction.Tests;

/// <summary>Input that must end in a clear error, quickly and with bounded memory — never a crash or a hang.</summary>
public class HostileInputTests
{
    [Theory]
    [InlineData("report.xls", "unsupported format '.xls'")]
    [InlineData("report.doc", "legacy Word .doc")]
    [InlineData("report.wps", "unsupported format '.wps'")]
    [InlineData("README", "no extension")]
    public void Unsupported_formats_are_named(string name, string reason)
    {
        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read("一、总体情况"u8.ToArray(), name));

        Assert.Equal(name, e.File);
        Assert.Contains(reason, e.Reason);
        Assert.Contains(".docx", e.Reason);
    }

    [Fact]
    public void A_missing_file_is_an_extraction_error()
    {
        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read("/nonexistent/report.txt"));

        Assert.Equal("/nonexistent/report.txt: file not found", e.Message);
    }

    [Theory]
    [InlineData("huge.txt")]
    [InlineData("huge.pdf")]
    [InlineData("huge.docx")]
    public void A_200_mb_file_is_refused_without_being_read(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dw-{Guid.NewGuid():N}-{name}");
        using (var file = File.Create(path)) file.SetLength(200L * 1024 * 1024); // sparse: no disk, no time
        try
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(path));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal("the file is 200 MB, over the 50 MB limit", e.Reason);
            Assert.True(allocated < 1024 * 1024, $"refusing allocated {allocated:N0} bytes");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_endless_stream_is_read_only_up_to_the_limit()
    {
        var options = new ExtractionOptions { MaxInputBytes = 1024 * 1024 };
        using var endless = new EndlessStream();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(endless, "mail-part.txt", options));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("over the 1 MB limit", e.Reason);
        Assert.True(endless.Served < 2 * 1024 * 1024, $"read {endless.Served:N0} bytes of the stream");
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_seekable_stream_over_the_limit_is_refused_before_reading()
    {
        using var stream = new MemoryStream(new byte[2 * 1024 * 1024]);

        var e = Assert.Throws<ExtractionException>(() =>
            DocumentReader.Read(stream, "big.html", new ExtractionOptions { MaxInputBytes = 1024 * 1024 }));

        Assert.Equal("the file is 2 MB, over the 1 MB limit", e.Reason);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void Stream_bytes_and_path_give_the_same_document()
    {
        foreach (var seed in RepoPaths.SeedNames())
        {
            var path = RepoPaths.Fixture($"{seed}.docx");
            var fromPath = DocumentReader.Read(path);
            using var stream = File.OpenRead(path);
            var fromStream = DocumentReader.Read(stream, Path.GetFileName(path));
            var fromBytes = DocumentReader.Read(File.ReadAllBytes(path), Path.GetFileName(path));

            Assert.Equal(fromPath.Lines.Select(l => l.Text), fromStream.Lines.Select(l => l.Text));
            Assert.Equal(fromPath.Lines.Select(l => l.Text), fromBytes.Lines.Select(l => l.Text));
        }
    }

    /// <summary>A non-seekable stream that never ends (a hostile mail part).</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'a');
            Served += count;
            return count;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
