using System.Globalization;
namespace DisclosureWatch.Storage.Models;

/// <summary>A trained classifier as the retraining helper records it.</summary>
public sealed record ModelVersion(string Id, DateTime CreatedAt, string Fingerprint, double MacroF1, bool Promoted);

/// <summary>The classifier versions the retraining recorded, and which one is promoted.</summary>
public sealed class ModelVersionStore(Database database)
{
    public Database Database { get; } = database;
    private SqlDialect Dialect => Database.Dialect;

    public void AddModelVersion(ModelVersion m)
    {
        using var c = Dialect.Open();
        Execute(c, "INSERT INTO model_versions (id, created_at, fingerprint, macro_f1, promoted) VALUES (@id, @t, @fp, @f1, @p)",
            ("@id", m.Id), ("@t", Utc(m.CreatedAt)), ("@fp", m.Fingerprint), ("@f1", m.MacroF1), ("@p", m.Promoted));
    }

    /// <summary>Makes <paramref name="id"/> the one promoted model; false when there is no such version.</summary>
    public bool PromoteModel(string id)
    {
        using var c = Dialect.Open();
        using var tx = c.BeginTransaction();
        if (Execute(c, tx, "UPDATE model_versions SET promoted = @t WHERE id = @id", ("@t", true), ("@id", id)) == 0) return false;
        Execute(c, tx, "UPDATE model_versions SET promoted = @f WHERE id <> @id", ("@f", false), ("@id", id));
        tx.Commit();
        return true;
    }

    public IReadOnlyList<ModelVersion> ModelVersions()
    {
        using var c = Dialect.Open();
        return Query(c, "SELECT id, created_at, fingerprint, macro_f1, promoted FROM model_versions ORDER BY created_at, id",
            r => new ModelVersion(r.GetString(0), Utc(r.GetDateTime(1)), r.GetString(2), r.GetDouble(3), Convert.ToBoolean(r.GetValue(4), CultureInfo.InvariantCulture)));
    }
}
