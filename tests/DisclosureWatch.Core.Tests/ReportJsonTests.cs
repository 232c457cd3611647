using System.Buffers;
using System.Text;
using System.Text.Json;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests;

public class ReportJsonTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("120")]
    [InlineData("5.0")]
    [InlineData("12.50")]
    [InlineData("0.05")]
    [InlineData("-3")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("79228162514264337593543950335")]
    public void A_cell_is_written_as_the_writer_writes_its_decimal(string value)
    {
        var v = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Json(w => w.WriteNumberValue(v)), Json(w => ReportJson.WriteValue(w, new TableCell(value, v))));
    }

    [Fact]
    public void A_cell_without_a_value_is_null()
    {
        Assert.Equal("[null,null]", Json(w => { ReportJson.WriteValue(w, null); ReportJson.WriteValue(w, new TableCell("无", null)); }));
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, ReportJson.WriterOptions))
        {
            w.WriteStartArray();
            write(w);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
