using System.ComponentModel;
using Microsoft.Extensions.Configuration;

namespace DisclosureWatch.Worker.Configuration;

/// <summary>Binds a flat settings section onto an options class, naming every value it cannot convert and every key it does not know.</summary>
internal static class SectionBinder
{
    /// <summary>The options of <paramref name="section"/>; what is wrong is added to <paramref name="problems"/> as "Section:Key: reason".</summary>
    public static T Bind<T>(IConfiguration config, string section, List<string> problems) where T : new()
    {
        var options = new T();
        var s = config.GetSection(section);
        foreach (var property in typeof(T).GetProperties())
        {
            var value = s[property.Name];
            if (value is null) continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            try
            {
                var converted = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
                property.SetValue(options, converted);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
            {
                problems.Add($"{section}:{property.Name}: '{value}' is not a valid {Describe(type)}");
            }
        }
        problems.AddRange(UnknownKeys<T>(s));
        return options;
    }

    /// <summary><see cref="Bind{T}(IConfiguration, string, List{string})"/>, then the section's own rules (<paramref name="check"/>) on the bound values.</summary>
    public static T Bind<T>(IConfiguration config, string section, List<string> problems, Func<T, IEnumerable<string>> check) where T : new()
    {
        var options = Bind<T>(config, section, problems);
        problems.AddRange(check(options));
        return options;
    }

    /// <summary>Keys of <paramref name="section"/> that <typeparamref name="T"/> has no property for (a typo is never silently ignored).</summary>
    public static IEnumerable<string> UnknownKeys<T>(IConfigurationSection section) =>
        section.GetChildren().Where(child => typeof(T).GetProperty(child.Key) is null)
            .Select(child => $"{section.Path}:{child.Key}: unknown setting (known: {string.Join(", ", typeof(T).GetProperties().Select(p => p.Name))})");

    private static string Describe(Type t) =>
        t == typeof(TimeSpan) ? "duration (hh:mm:ss)" : t == typeof(int) ? "whole number" : t.Name;
}
