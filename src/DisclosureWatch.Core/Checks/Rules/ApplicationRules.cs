using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks.Rules;

/// <summary>t3.identity: per column, 一 本年新收 + 二 上年结转 = 三(七) 总计 + 四 结转下年度.</summary>
public sealed class T3IdentityRule : IRule
{
    public string Id => "t3.identity";
    public Severity Severity => Severity.Error;
    public string Description => "第三部分表格每一列：本年新收＋上年结转＝办理结果总计＋结转下年度（表内注明的勾稽关系）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var t = input.Report.Applications;
        if (t is null) return;
        var failures = new List<string>();
        var cells = new List<(string, int)>();
        for (var c = 0; c < t.Columns.Count; c++)
        {
            var a = t.Value("newReceived", c);
            var b = t.Value("carriedOver", c);
            var x = t.Value("totalProcessed", c);
            var y = t.Value("carriedForward", c);
            if (a is null || b is null || x is null || y is null) continue;
            sink.Assessed();
            if (a + b == x + y) continue;
            failures.Add($"“{Tables.Name(t.Columns[c])}”列 {Tables.Number(a.Value)}＋{Tables.Number(b.Value)}＝{Tables.Number(a.Value + b.Value)}，而 {Tables.Number(x.Value)}＋{Tables.Number(y.Value)}＝{Tables.Number(x.Value + y.Value)}");
            cells.AddRange(new[] { ("newReceived", c), ("carriedOver", c), ("totalProcessed", c), ("carriedForward", c) });
        }
        if (failures.Count == 0) return;
        sink.Report(Severity.Error,
            $"第三部分表格勾稽关系不成立（本年新收＋上年结转应等于办理结果总计＋结转下年度）：{string.Join("；", failures)}。",
            Tables.Cells(t, cells), 3);
    }
}

/// <summary>t3.results-total: per column, (一)…(六) = (七) 总计; a group given as one line counts as the group, otherwise its sub-rows are summed.</summary>
public sealed class T3ResultsTotalRule : IRule
{
    public string Id => "t3.results-total";
    public Severity Severity => Severity.Error;
    public string Description => "第三部分表格每一列：（一）至（六）各项办理结果之和＝（七）总计；分组小计＝其各分项之和";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var t = input.Report.Applications;
        if (t is null) return;
        var failures = new List<string>();
        var groupFailures = new List<string>();
        var cells = new List<(string, int)>();
        var used = new List<(string, int)>();
        // the rows looked up once, not once per column (nine columns × some thirty keys)
        var groups = new Group[Template.T3ResultTopRows.Count];
        for (var g = 0; g < groups.Length; g++) groups[g] = Group.Of(t, Template.T3ResultTopRows[g]);
        var totalRow = t.Row("totalProcessed");
        for (var c = 0; c < t.Columns.Count; c++)
        {
            var total = totalRow?[c];
            decimal? sum = 0;
            used.Clear();
            foreach (var group in groups)
            {
                var value = GroupValue(t, group, c, used, groupFailures);
                sum = value is null ? null : sum + value;
            }
            if (sum is null || total is null) continue;
            sink.Assessed();
            if (sum == total) continue;
            failures.Add($"“{Tables.Name(t.Columns[c])}”列各项之和为{Tables.Number(sum.Value)}，总计填{Tables.Number(total.Value)}");
            cells.AddRange(used);
            cells.Add(("totalProcessed", c));
        }
        if (failures.Count > 0)
            sink.Report(Severity.Error,
                $"第三部分表格“本年度办理结果”（一）至（六）之和与（七）总计不符：{string.Join("；", failures)}。",
                Tables.Cells(t, cells.Take(24)), 3);
        if (groupFailures.Count > 0)
            sink.Report(Severity.Error,
                $"第三部分表格分组合计与其分项之和不符：{string.Join("；", groupFailures)}。",
                $"第三部分表格：{string.Join("；", groupFailures)}", 3);
    }

    /// <summary>The value of a result row: the row itself, the group line, or the sum of the group's sub-rows.</summary>
    private static readonly Dictionary<string, string[]> SubKeys = Template.T3ResultTopRows.ToDictionary(top => top,
        top => Template.T3Rows.Where(k => k.StartsWith(top + ".", StringComparison.Ordinal)).ToArray());

    /// <summary>A result group of one table: its own line and its sub-rows (null where the table lacks one), in template order.</summary>
    private sealed record Group(string Top, TableRow? Own, string[] SubKeys, TableRow?[] SubRows)
    {
        public static Group Of(StatTable t, string top)
        {
            var keys = T3ResultsTotalRule.SubKeys[top];
            var rows = new TableRow?[keys.Length];
            for (var i = 0; i < keys.Length; i++) rows[i] = t.Row(keys[i]);
            return new Group(top, t.Row(top), keys, rows);
        }
    }

    /// <summary>Adds the cells it read to <paramref name="used"/>; a group line that differs from its sub-rows' sum goes to <paramref name="groupFailures"/>.</summary>
    private static decimal? GroupValue(StatTable t, Group group, int c, List<(string, int)> used, List<string> groupFailures)
    {
        // The sub-rows' sum, when every sub-row is there with a number.
        var present = 0;
        decimal? subSum = group.SubRows.Length > 0 ? 0 : null;
        foreach (var row in group.SubRows)
        {
            if (row is null) { subSum = null; continue; }
            present++;
            subSum = row[c] is { } v ? subSum + v : null;
        }
        if (group.Own is { } own && own[c] is { } groupValue)
        {
            used.Add((group.Top, c));
            if (subSum is { } s && s != groupValue)
                groupFailures.Add($"“{Tables.Name(group.Top)}”在“{Tables.Name(t.Columns[c])}”列合计{Tables.Number(groupValue)}，分项之和{Tables.Number(s)}");
            return groupValue;
        }
        if (present > 0)
            for (var i = 0; i < group.SubRows.Length; i++)
                if (group.SubRows[i] is not null) used.Add((group.SubKeys[i], c));
        return subSum;
    }
}

/// <summary>t3.row-total: per row, the six applicant columns = 总计 (and the five organisation columns = their subtotal when given).</summary>
public sealed class T3RowTotalRule : IRule
{
    private static readonly string[] Applicants = ["naturalPerson", "commercial", "research", "social", "legal", "other"];

    public string Id => "t3.row-total";
    public Severity Severity => Severity.Error;
    public string Description => "第三部分表格每一行：自然人＋五类法人或其他组织＝总计（有“法人或其他组织”小计列时，五类之和＝小计）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var t = input.Report.Applications;
        if (t is null) return;
        var idx = Applicants.Select(t.ColumnIndex).ToArray();
        var total = t.ColumnIndex("total");
        var subtotal = t.ColumnIndex(Template.T3OrganizationsSubtotal);
        if (idx.Any(i => i < 0) || total < 0) return;
        var failures = new List<string>();
        var values = new decimal[idx.Length];
        foreach (var row in t.Rows)
        {
            if (!ReadAll(row, idx, values)) continue;
            if (row[total] is { } tv)
            {
                sink.Assessed();
                var sum = Sum(values);
                if (sum != tv)
                    failures.Add($"“{Tables.Name(row.Key)}”行 {string.Join("＋", values.Select(Tables.Number))}＝{Tables.Number(sum)}，总计填{Tables.Number(tv)}");
            }
            if (subtotal >= 0 && row[subtotal] is { } sv)
            {
                sink.Assessed();
                var orgs = Sum(values.AsSpan(1));
                if (orgs != sv)
                    failures.Add($"“{Tables.Name(row.Key)}”行 法人或其他组织五类之和{Tables.Number(orgs)}，小计填{Tables.Number(sv)}");
            }
        }
        if (failures.Count == 0) return;
        sink.Report(Severity.Error,
            $"第三部分表格有{failures.Count}处各类申请人之和与总计不符：{string.Join("；", failures.Take(6))}{(failures.Count > 6 ? "等" : "")}。",
            $"第三部分表格：{string.Join("；", failures)}", 3);
    }

    /// <summary>The row's values in these columns, into <paramref name="values"/>; false when one is missing.</summary>
    private static bool ReadAll(TableRow row, int[] columns, decimal[] values)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            if (row[columns[i]] is not { } v) return false;
            values[i] = v;
        }
        return true;
    }

    private static decimal Sum(ReadOnlySpan<decimal> values)
    {
        decimal sum = 0;
        foreach (var v in values) sum += v;
        return sum;
    }
}
