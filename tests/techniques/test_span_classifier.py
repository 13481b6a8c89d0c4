import numpy as np

from narrascope.modeldir import open_model
from narrascope.techniques.data import SPAN, Example
from narrascope.techniques.model import TechniqueModel
from narrascope.techniques.span_classifier import FILE, SpanClassifier, labelled_spans, span_features

# Short news-style sentences written for this test: insults are name calling, threats are fear.
NAMES = ["The senator is a corrupt clown.", "Those puppets of Washington lie again.",
         "The mayor, a spineless coward, fled.", "Critics call him a traitor and a clown.",
         "These thugs in parliament voted again.", "A gang of puppets runs the ministry."]
FEAR = ["If this passes, our children will starve.", "Millions will die if the border stays open.",
        "Your savings will vanish overnight, experts fear.", "The plant could explode and kill thousands.",
        "Without the wall, crime will destroy our towns.", "A catastrophe will wipe out the farms."]
TARGETS = {"Name_Calling-Labeling": ["clown", "puppets", "spineless coward", "traitor", "thugs", "gang of puppets"],
           "Appeal_to_Fear-Prejudice": ["children will starve", "Millions will die", "savings will vanish",
                                        "explode and kill thousands", "crime will destroy", "catastrophe will wipe out"]}


def _examples():
    out = []
    for label, texts in (("Name_Calling-Labeling", NAMES), ("Appeal_to_Fear-Prejudice", FEAR)):
        for text, phrase in zip(texts, TARGETS[label]):
            s = text.index(phrase)
            out.append(Example(text, "en", [(s, s + len(phrase), SPAN), (s, s + len(phrase), label)], None, "own"))
    return out


def test_a_post_span_with_two_techniques_shares_its_weight():
    ex = Example("Vile liars will ruin us.", "en",
                 [(0, 10, SPAN), (0, 10, "Loaded_Language"), (0, 10, "Appeal_to_Fear-Prejudice")], None, "unlp2025")
    rows = [(s, e, lab, w) for _, s, e, lab, w in labelled_spans([ex])]
    assert rows == [(0, 10, "Appeal_to_Fear-Prejudice", 0.5), (0, 10, "Loaded_Language", 0.5)]


def test_span_features_see_the_span_and_its_context():
    text = "He called them \"traitors\" yesterday!"
    s = text.index("\"traitors\"")
    feats = span_features(text, s, s + len("\"traitors\""))
    assert "w=traitors" in feats and "quoted" in feats and "L1=them" in feats and "R1=yesterday" in feats


def test_the_classifier_labels_unseen_spans_and_survives_a_save(tmp_path):
    clf = SpanClassifier.fit(_examples(), min_spans=3)
    assert clf.labels == ["Appeal_to_Fear-Prejudice", "Name_Calling-Labeling"]
    text = "Opposition leaders, those clowns and puppets, say millions will die next winter."
    spans = [(text.index("clowns and puppets"), text.index("clowns and puppets") + 18),
             (text.index("millions will die"), text.index("millions will die") + 17)]
    labels = [lab for lab, _ in clf.predict(text, spans)]
    assert labels == ["Name_Calling-Labeling", "Appeal_to_Fear-Prejudice"]
    # saved beside a techniques model and read back through the checked model directory
    model = TechniqueModel(["__span__"], np.zeros((2 ** 18, 1), dtype=np.float32), np.zeros(1, dtype=np.float32),
                           manifest={"version": "test"}, span_classifier=clf)
    model.save(tmp_path)
    assert (tmp_path / FILE).is_file()
    loaded = TechniqueModel.from_dir(open_model(tmp_path, "techniques")).span_classifier
    assert [lab for lab, _ in loaded.predict(text, spans)] == labels
    assert loaded.predict(text, spans, allowed=lambda lab: lab.startswith("Name"))[1][0] == "Name_Calling-Labeling"


def test_with_one_label_only_the_classifier_falls_back_to_it():
    one = [ex for ex in _examples() if ex.spans[1][2] == "Name_Calling-Labeling"]
    clf = SpanClassifier.fit(one)
    assert clf.weights is None and clf.fallback == "Name_Calling-Labeling"
    assert clf.predict("Any text at all.", [(0, 3)]) == [("Name_Calling-Labeling", 0.0)]
