using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Core.Classification;

/// <summary>Labels passages; the shipped implementation is a trained linear model loaded from models/.</summary>
public interface IPassageClassifier
{
    string Version { get; }
    IReadOnlyList<Passage> Classify(IReadOnlyList<Passage> passages);
}
