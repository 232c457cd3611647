using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using DisclosureWatch.Worker.Hosting;

namespace DisclosureWatch.Worker.Tests.Hosting;

/// <summary>
/// Which way the rooms of `dw` may refer to each other, checked on the compiled assembly (every signature, attribute,
/// local and IL instruction of every type, lambdas and state machines included):
/// <list type="bullet">
/// <item>the entry layer — Cli (the commands) and Hosting (the `dw run` host and the CLI's settings) — may use everything;</item>
/// <item>the foundation — Configuration (settings sources, binding, the exit-78 exception) and Jobs (how a feature
/// registers a Quartz job) — uses no feature and no entry layer;</item>
/// <item>a feature (every other folder: Inbox, Mail, Digests, Classification, Store, Export, Analysis, Synthetic…) uses
/// neither Hosting nor Cli.</item>
/// </list>
/// Namespaces follow folders (checked on the sources), so a namespace names the folder a type lives in.
/// </summary>
public sealed partial class CompositionTests
{
    private const string Root = "DisclosureWatch.Worker";
    private static readonly string[] Entry = ["Cli", "Hosting"];
    private static readonly string[] Foundation = ["Configuration", "Jobs"];
    private static readonly Assembly Dw = typeof(RunHost).Assembly;

    [Fact]
    public void No_feature_uses_Hosting_or_Cli()
    {
        var violations = Uses(room => room is not null && !Entry.Contains(room) && !Foundation.Contains(room), Entry.Contains);
        Assert.True(violations.Count == 0, "features must not use the entry layer (register in the feature's own AddXxx instead):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_foundation_uses_no_feature_and_no_entry_layer()
    {
        var violations = Uses(room => room is not null && Foundation.Contains(room), room => !Foundation.Contains(room));
        Assert.True(violations.Count == 0, "Configuration and Jobs must know no feature:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Namespaces_follow_folders()
    {
        var src = Path.Combine(FindRepository(), "src", Root);
        var wrong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj") continue;
            var folder = Path.GetDirectoryName(relative)!;
            var expected = folder.Length == 0 ? null : Root + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
            var declared = NamespaceLine().Match(File.ReadAllText(file)) is { Success: true } m ? m.Groups[1].Value : null;
            if (declared != expected) wrong.Add($"{relative}: namespace {declared ?? "(none)"}, expected {expected ?? "(none)"}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_executable_exports_no_public_type()
    {
        Assert.Empty(Dw.GetExportedTypes().Select(t => t.FullName));
    }

    /// <summary>"Inbox.InboxService uses Hosting.Settings" for every type of a room <paramref name="from"/> accepts
    /// that refers to a type of a room <paramref name="forbidden"/> names (a room: the first namespace part after DisclosureWatch.Worker).</summary>
    private static List<string> Uses(Func<string?, bool> from, Func<string, bool> forbidden) =>
        [.. Dw.GetTypes().Where(t => from(RoomOf(t)))
            .SelectMany(t => Referenced(t).SelectMany(Flatten).Where(u => u.Assembly == Dw && RoomOf(u) is { } room && room != RoomOf(t) && forbidden(room))
                .Select(u => $"{Name(t)} uses {Name(u)}"))
            .Distinct().Order(StringComparer.Ordinal)];

    private static string? RoomOf(Type t)
    {
        var ns = t.Namespace;
        if (ns is null || !ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private static string Name(Type t)
    {
        while (t.DeclaringType is { } outer) t = outer; // a lambda's closure or a state machine: name the type that holds it
        return t.FullName![(Root.Length + 1)..];
    }

    private static IEnumerable<Type> Flatten(Type t)
    {
        yield return t;
        if (t.HasElementType) foreach (var e in Flatten(t.GetElementType()!)) yield return e;
        if (t.IsGenericType && !t.IsGenericTypeDefinition)
            foreach (var a in t.GetGenericArguments().SelectMany(Flatten)) yield return a;
    }

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Referenced(Type type)
    {
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.GetFields(Declared)) yield return f.FieldType;
        foreach (var p in type.GetProperties(Declared)) yield return p.PropertyType;
        foreach (var m in type.GetConstructors(Declared).Cast<MethodBase>().Concat(type.GetMethods(Declared)))
        {
            if (m is MethodInfo method) yield return method.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
            foreach (var t in BodyReferences(m)) yield return t;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types, methods and fields a method body refers to (locals and every token operand of its IL).</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var il = body.GetILAsByteArray()!;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = (short)il[i++];
            if (value == 0xFE) value = (short)(0xFE00 | il[i++]);
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    switch (method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments))
                    {
                        case Type t:
                            yield return t;
                            break;
                        case FieldInfo f:
                            yield return f.DeclaringType!;
                            yield return f.FieldType;
                            break;
                        case MethodBase m:
                            if (m.DeclaringType is { } declaring) yield return declaring;
                            if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) yield return a;
                            break;
                    }
                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    i += 4;
                    break;
            }
        }
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", Root))) return dir.FullName;
        throw new DirectoryNotFoundException($"src/{Root} not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
