using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Core.Digests;

/// <summary>Builds a supervisor's weekly digest (subject, html, text, findings attachment) from a <see cref="DigestInput"/>. Pure.</summary>
public static class DigestBuilder
{
    /// <summary>Findings shown per report in the body (the attachment has them all).</summary>
    public const int FindingsPerReport = 3;
    /// <summary>Reports with errors shown with their findings; the others with errors are named in one line.</summary>
    public const int DetailedErrorReports = 10;
    /// <summary>Themes shown in the body.</summary>
    public const int MaxThemes = 8;
    /// <summary>Reports listed one by one under 本期收到的报告; a bigger week names the rest in one line, so the mail stays
    /// small enough for clients that clip long messages (Gmail clips at about 102 KB).</summary>
    public const int ListedReports = 60;

    /// <summary>The line that stands for the reports not listed, or null when all are.</summary>
    public static string? NotListed(int received) => received <= ListedReports ? null
        : $"另有 {received - ListedReports} 份未逐一列出；全部报告可用 dw reports list 查看，或用 dw export --format xlsx 导出。";
    /// <summary>Similarity from which this year's problem counts as said last year (<see cref="ProblemThemes.Similarity"/>).</summary>
    public const double EchoThreshold = 0.25;

    /// <summary>The digest of <paramref name="input"/>; <paramref name="writeAttachment"/> makes the findings attachment
    /// (<see cref="DigestFindings"/> in a file format: the worker writes a workbook), whose file name the body gives.</summary>
    public static Digest Build(DigestInput input, Func<DigestInput, DigestFigures, DigestAttachment> writeAttachment)
    {
        var figures = Figures(input);
        var subject = Subject(figures);
        var attachment = writeAttachment(input, figures);
        return new Digest(subject, DigestHtml.Render(input, figures, attachment.FileName), DigestText.Render(input, figures, attachment.FileName),
            attachment, figures);
    }

    public static string Subject(DigestFigures f) =>
        $"政务公开年报周报 {f.Period.ToChinese()}：收到{f.Received.Count}份，{f.WithErrors.Count}份有错误，{f.Missing.Count}个单位未报送";

    public static DigestFigures Figures(DigestInput input)
    {
        var received = input.Reports
            .OrderBy(r => r.ReceivedAt).ThenBy(r => r.Organ, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(Summarize).ToList();
        var withErrors = received.Where(r => r.Errors > 0)
            .OrderByDescending(r => r.Errors).ThenByDescending(r => r.Warnings).ThenBy(r => r.Report.ReceivedAt)
            .ThenBy(r => r.Report.Organ, StringComparer.Ordinal).ToList();

        var reported = new HashSet<string>(input.OrgansReported.Select(OrganNames.Key));
        foreach (var r in input.Reports.Where(r => r.Year == input.ReportYear)) reported.Add(OrganNames.Key(r.Organ));
        var missing = input.ExpectedOrgans.Where(o => !reported.Contains(OrganNames.Key(o)))
            .DistinctBy(OrganNames.Key)
            .Select(o => new MissingOrgan(o, input.Reports.Where(r => OrganNames.Same(r.Organ, o) && r.Year is not null)
                .OrderByDescending(r => r.ReceivedAt).Select(r => r.Year).FirstOrDefault()))
            .ToList();

        var problems = input.Reports.SelectMany(r => r.Passages.Where(p => p.Label == PassageLabels.Problem)
            .Select(p => new ThemeSource(r.Organ, r.Id, p.Text)));
        var themes = ProblemThemes.Group(problems).Where(t => t.Organs.Count >= 2).Take(MaxThemes).ToList();

        var uncertain = input.Reports
            .SelectMany(r => r.Passages.Where(p => p.Confidence is not null).Select(p => new UncertainPassage(r.Organ, r.Id, p)))
            .OrderBy(u => u.Passage.Confidence).ThenBy(u => u.Organ, StringComparer.Ordinal).ThenBy(u => u.Passage.Section)
            .ThenBy(u => u.Passage.Position)
            .Take(Math.Max(0, input.UncertainCount)).ToList();

        return new DigestFigures
        {
            Period = input.Period,
            ReportYear = input.ReportYear,
            Deadline = input.Deadline,
            DaysToDeadline = input.Deadline.DayNumber - input.Today.DayNumber,
            Received = received,
            WithErrors = withErrors,
            Missing = missing,
            Themes = themes,
            YearOnYear = YearOnYearOf(input),
            Uncertain = uncertain,
        };
    }

    private static ReceivedReport Summarize(DigestReport r)
    {
        var top = r.Findings.Select((f, i) => (f, i)).OrderByDescending(x => x.f.Severity).ThenBy(x => x.i)
            .Take(FindingsPerReport).Select(x => x.f).ToList();
        return new ReceivedReport(r,
            r.Findings.Count(f => f.Severity == Severity.Error),
            r.Findings.Count(f => f.Severity == Severity.Warning),
            r.Findings.Count(f => f.Severity == Severity.Info),
            top, BoilerplateShare(r.Passages));
    }

    /// <summary>Characters of boilerplate passages over characters of all labelled passages; null when none is labelled.</summary>
    public static double? BoilerplateShare(IReadOnlyList<Passage> passages)
    {
        long all = 0, boilerplate = 0;
        foreach (var p in passages)
        {
            if (p.Label is null) continue;
            all += p.Text.Length;
            if (p.Label == PassageLabels.Boilerplate) boilerplate += p.Text.Length;
        }
        return all == 0 ? null : (double)boilerplate / all;
    }

    /// <summary>A promise is a passage labelled improvement, or a measure in section 五 (存在的主要问题及改进情况).</summary>
    public static bool IsPromise(Passage p) =>
        p.Label == PassageLabels.Improvement || p.Label == PassageLabels.Measure && p.Section == 5;

    private static List<YearOnYear> YearOnYearOf(DigestInput input)
    {
        var lastYear = new Dictionary<string, IReadOnlyList<Passage>>();
        foreach (var (organ, passages) in input.LastYearPassages) lastYear.TryAdd(OrganNames.Key(organ), passages);

        var result = new List<YearOnYear>();
        foreach (var r in input.Reports.OrderBy(r => r.ReceivedAt).ThenBy(r => r.Organ, StringComparer.Ordinal))
        {
            if (!lastYear.TryGetValue(OrganNames.Key(r.Organ), out var before) || result.Any(y => OrganNames.Same(y.Organ, r.Organ)))
                continue;
            // Shown out of their list, passages lose their enumerators (二是…, （三）…).
            var promised = before.Where(IsPromise).Select(p => ProblemThemes.StripEnumerator(p.Text)).ToList();
            var lastProblems = before.Where(p => p.Label == PassageLabels.Problem).Select(p => p.Text).ToList();
            var problems = r.Passages.Where(p => p.Label == PassageLabels.Problem).Select(p =>
            {
                var (echo, text) = Echo(p.Text, r.Organ, lastProblems, promised);
                return new ThisYearProblem(ProblemThemes.StripEnumerator(p.Text), echo, text);
            }).ToList();
            if (promised.Count == 0 && problems.Count == 0) continue;
            result.Add(new YearOnYear(r.Organ, r.Id, promised, problems));
        }
        return result;
    }

    private static (string?, string?) Echo(string problem, string organ, List<string> lastProblems, List<string> promised)
    {
        (string? Kind, string? Text, double Score) best = (null, null, EchoThreshold);
        foreach (var (kind, texts) in new[] { ("去年也列为问题", lastProblems), ("去年承诺改进", promised) })
            foreach (var t in texts)
            {
                var s = ProblemThemes.Similarity(problem, t, organ);
                if (s >= best.Score + 1e-12 || best.Kind is null && s >= best.Score) best = (kind, t, s);
            }
        return (best.Kind, best.Text);
    }

    // Shared wording ------------------------------------------------------------------------------------------

    public static string SeverityName(Severity s) => Vocabulary.Severity(s);

    /// <summary>距截止还有 11 天 / 今天截止 / 已逾期 3 天.</summary>
    public static string DeadlineText(int days) => days switch
    {
        > 0 => $"距截止还有 {days} 天",
        0 => "今天截止",
        _ => $"已逾期 {-days} 天",
    };

    public static string Percent(double share) => $"{Math.Round(share * 100, MidpointRounding.AwayFromZero):0}%";

    /// <summary>At most <paramref name="max"/> characters, whitespace runs folded, an ellipsis when cut.</summary>
    public static string Clip(string text, int max)
    {
        var folded = string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return folded.Length <= max ? folded : folded[..(max - 1)] + "…";
    }

    public static string ReceivedText(DigestReport r, TimeZoneInfo? zone)
    {
        var t = zone is null ? r.ReceivedAt : TimeZoneInfo.ConvertTime(r.ReceivedAt, zone);
        return t.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The reports with errors past <see cref="DetailedErrorReports"/>, in one line: 甲乡（2个错误）、乙镇（1个错误）.</summary>
    public static string? RestOfErrors(DigestFigures f) =>
        f.WithErrors.Count <= DetailedErrorReports ? null
            : string.Join("、", f.WithErrors.Skip(DetailedErrorReports).Select(r => $"{r.Report.Organ}（{r.Errors}个错误）"));

    /// <summary>2024年度; a report of another year says what the period expects: 2023年度（本期应报2024年度报告）.</summary>
    public static string YearText(int? year, int reportYear) =>
        year is null ? "年度不明" : year == reportYear ? $"{year}年度" : $"{year}年度（本期应报{reportYear}年度报告）";

    /// <summary>
    /// The organs with the most errors, every one of them when several tie: 甲乡（3个错误）, or 甲乡、乙镇、丙镇等4个单位（各1个错误）.
    /// </summary>
    public static string MostErrors(DigestFigures f)
    {
        var most = f.WithErrors[0].Errors;
        var tied = f.WithErrors.TakeWhile(r => r.Errors == most).Select(r => r.Report.Organ).Distinct().ToList();
        return tied.Count == 1 ? $"{tied[0]}（{most}个错误）"
            : $"{string.Join("、", tied.Take(3))}{(tied.Count > 3 ? $"等{tied.Count}个单位" : "")}（各{most}个错误）";
    }

    /// <summary>一 … 十 for section numbers.</summary>
    public static string ChineseNumeral(int n) =>
        n is >= 1 and <= 10 ? "一二三四五六七八九十"[n - 1].ToString() : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
