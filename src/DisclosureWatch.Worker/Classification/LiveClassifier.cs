using DisclosureWatch.Core.Classification;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Worker.Classification;

/// <summary>
/// The passage model the running worker uses, replaced in place when the retrain job promotes a new one (or a
/// supervisor rolls back): reports analysed after the swap get the new labels and its version.
/// </summary>
internal sealed class LiveClassifier(IPassageClassifier? initial) : IPassageClassifier
{
    private volatile IPassageClassifier? _current = initial;

    public string Version => _current?.Version ?? "none";

    public IReadOnlyList<Passage> Classify(IReadOnlyList<Passage> passages) => _current?.Classify(passages) ?? passages;

    public void Swap(IPassageClassifier? model) => _current = model;
}
