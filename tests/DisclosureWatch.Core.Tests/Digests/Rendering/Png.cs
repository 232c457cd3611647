using System.Buffers.Binary;
using System.IO.Compression;

namespace DisclosureWatch.Core.Tests.Digests.Rendering;

/// <summary>A minimal PNG reader (8-bit greyscale, RGB, RGBA; no interlace) — enough to look at a screenshot's pixels.</summary>
public sealed class Png
{
    public int Width { get; }
    public int Height { get; }
    private readonly byte[] _pixels; // RGB, 3 bytes per pixel
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private Png(int width, int height, byte[] pixels) { Width = width; Height = height; _pixels = pixels; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get { var i = (y * Width + x) * 3; return (_pixels[i], _pixels[i + 1], _pixels[i + 2]); }
    }

    public static Png Read(string path)
    {
        var data = File.ReadAllBytes(path);
        if (!data.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException(path + " is not a PNG");
        int width = 0, height = 0, depth = 0, colour = 0, interlace = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at + 8 <= data.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(data, at + 4, 4);
            var body = data.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                depth = body[8];
                colour = body[9];
                interlace = body[12];
            }
            else if (type == "IDAT") idat.Write(body);
            else if (type == "IEND") break;
            at += 12 + length;
        }
        var channels = colour switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {colour}") };
        if (depth != 8 || interlace != 0) throw new NotSupportedException($"PNG bit depth {depth}, interlace {interlace}");

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        z.ReadExactly(raw);

        var rgb = new byte[width * height * 3];
        var prev = new byte[stride];
        var line = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, line, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? line[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
            for (var x = 0; x < width; x++)
            {
                var o = (y * width + x) * 3;
                if (channels < 3) rgb[o] = rgb[o + 1] = rgb[o + 2] = line[x * channels];
                else { rgb[o] = line[x * channels]; rgb[o + 1] = line[x * channels + 1]; rgb[o + 2] = line[x * channels + 2]; }
            }
            (prev, line) = (line, prev);
        }
        return new Png(width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>How many pixels have exactly the colour #rrggbb.</summary>
    public int Count(string hex)
    {
        var r = Convert.ToByte(hex[1..3], 16);
        var g = Convert.ToByte(hex[3..5], 16);
        var b = Convert.ToByte(hex[5..7], 16);
        var n = 0;
        for (var i = 0; i < _pixels.Length; i += 3)
            if (_pixels[i] == r && _pixels[i + 1] == g && _pixels[i + 2] == b) n++;
        return n;
    }

    /// <summary>The rows (y) holding at least one pixel of the colour.</summary>
    public IEnumerable<int> RowsWith(string hex)
    {
        var r = Convert.ToByte(hex[1..3], 16);
        var g = Convert.ToByte(hex[3..5], 16);
        var b = Convert.ToByte(hex[5..7], 16);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                if (this[x, y] == (r, g, b)) { yield return y; break; }
    }
}
