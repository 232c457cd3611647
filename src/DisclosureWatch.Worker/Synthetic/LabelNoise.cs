namespace DisclosureWatch.Worker.Synthetic;

/// <summary>What a report's noise does to a table label: characters garbled, long labels wrapped.</summary>
internal sealed class LabelNoise(Random random, Noise noise)
{
    /// <summary>Characters OCR and PDF text put in place of others (none of them a value's character such as 无 or 件).</summary>
    private static readonly string Substitutes = "人入八大太天夫失矢己已巳末未土士干千于午牛斤斥折析拆办力刀刃日曰目自白百旦但";

    /// <summary>The label as this report writes it: with the noise of its kind, wrapped when long and asked to.</summary>
    public GridCell Cell(string label, int colSpan = 1, int rowSpan = 1)
    {
        if (Has(Noise.LabelCharacters) && random.NextDouble() < 0.4) label = Garble(label);
        if (Has(Noise.WrappedLabels) && label.Length >= 10 && random.NextDouble() < 0.6)
        {
            var cut = label.Length / 2 + random.Next(-2, 3);
            return new GridCell(label[..cut], colSpan, rowSpan, label[cut..]);
        }
        return new GridCell(label, colSpan, rowSpan);
    }

    /// <summary>One character dropped, changed or added (never in the ordinal), or the ordinal lost.</summary>
    private string Garble(string label)
    {
        var start = 0;
        while (start < label.Length && !IsWordChar(label[start])) start++;
        // an ordinal: "1." "（三）" "一、"
        var ordinal = label.Length > start + 1 && label[start + 1] == '、' ? start + 2
            : label.StartsWith('（') ? label.IndexOf('）') + 1
            : label.Length > 1 && char.IsAsciiDigit(label[0]) ? 2 : 0;
        var words = label.Length - ordinal;
        var kind = random.Next(ordinal > 0 ? 4 : 3);
        if (words <= 3 && kind is 0) kind = 1; // too short to lose a character
        var at = ordinal + random.Next(words);
        return kind switch
        {
            0 => label.Remove(at, 1),
            1 => label.Remove(at, 1).Insert(at, Substitutes[random.Next(Substitutes.Length)].ToString()),
            2 => label.Insert(at, Substitutes[random.Next(Substitutes.Length)].ToString()),
            _ => label[ordinal..],
        };
    }

    private static bool IsWordChar(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private bool Has(Noise n) => noise == n || noise == Noise.All;
}
