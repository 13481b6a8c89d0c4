"""Inter-annotator agreement on rows written here in the guidelines' layouts."""
import pytest

from narrascope.eval.agreement import agreement_entities, agreement_narratives, format_agreement

PUPPET = "CA: Kazakhstan is a Western puppet: Foreign-funded NGOs, media and activists"
PUPPET_OTHER = "CA: Kazakhstan is a Western puppet: Other"
COUP = "CA: The West is preparing a coup or destabilisation: A colour revolution is being prepared"
KREMLIN = "CA: Kremlin propaganda targets Kazakhstan: Russian media campaigns against Kazakhstan"


def narr(pid, items, dominant):
    return {"id": pid, "narratives": [{"label": l, "stance": s, "evidence": [[0, 5]]} for l, s in items],
            "dominant": dominant}


def test_narratives_labels_stance_and_dominant():
    a = [narr("p1", [(PUPPET, "counters"), (KREMLIN, "promotes")], "CA: Kazakhstan is a Western puppet"),
         narr("p2", [(COUP, "promotes")], "CA: The West is preparing a coup or destabilisation"),
         narr("p3", [], "Other")]
    b = [narr("p1", [(PUPPET_OTHER, "reports-on"), (KREMLIN, "promotes")], "CA: Kremlin propaganda targets Kazakhstan"),
         narr("p2", [(COUP, "promotes")], "CA: The West is preparing a coup or destabilisation"),
         narr("p3", [], "Other"),
         narr("p4", [(COUP, "counters")], "CA: The West is preparing a coup or destabilisation")]  # only in b: ignored
    out = agreement_narratives(a, b)
    assert out["pages"] == 3
    # fine: KREMLIN and COUP shared; PUPPET vs PUPPET_OTHER differ -> tp 2, fp 1, fn 1
    assert out["labels_fine"]["f1"] == pytest.approx(2 / 3)
    assert out["labels_coarse"]["f1"] == 1.0
    # stance pairs: PUPPET matched to PUPPET_OTHER by coarse label (counters vs reports-on), KREMLIN, COUP
    assert out["stance"]["pairs"] == 3
    assert out["stance"]["agreement"] == pytest.approx(2 / 3)
    assert out["stance"]["confusion"]["counters"] == {"reports-on": 1}
    assert 0 < out["stance"]["kappa"] < 1
    assert out["dominant"]["agreement"] == pytest.approx(2 / 3)


def ents(pid, entities, quotes=(), roles=()):
    return {"id": pid, "entities": [{"eid": e, "name": n, "type": t, "mentions": m} for e, n, t, m in entities],
            "quotes": list(quotes), "roles": list(roles)}


def test_entities_align_by_mentions_not_by_local_ids():
    a = [ents("p1", [("E1", "Kassym-Jomart Tokayev", "PER", [[10, 17], [80, 87]]),
                     ("E2", "Tsargrad", "ORG", [[30, 38]])],
              quotes=[{"span": [100, 160], "kind": "direct", "speaker": "E1"},
                      {"span": [200, 240], "kind": "indirect", "speaker": "anonymous"}],
              roles=[{"eid": "E1", "voice": "E2", "main": "Antagonist", "fine": ["Traitor"]},
                     {"eid": "E2", "voice": "author", "main": "Antagonist", "fine": ["Deceiver"]}])]
    # b numbers them the other way round, takes one mention shorter, misses the anonymous quote,
    # types Tsargrad as PER and disagrees on one role.
    b = [ents("p1", [("E1", "Tsargrad", "PER", [[30, 38]]),
                     ("E2", "Tokayev", "PER", [[10, 17], [80, 86]])],
              quotes=[{"span": [98, 150], "kind": "direct", "speaker": "E2"}],
              roles=[{"eid": "E2", "voice": "E1", "main": "Antagonist", "fine": ["Traitor"]},
                     {"eid": "E1", "voice": "author", "main": "Innocent", "fine": ["Victim"]}])]
    out = agreement_entities(a, b)
    assert out["mentions_exact"]["f1"] == pytest.approx(2 / 3)
    assert out["mentions_overlap"]["f1"] == 1.0
    assert out["mention_type_agreement"] == pytest.approx(2 / 3)
    assert out["quotes"]["precision"] == 1.0 and out["quotes"]["recall"] == 0.5
    assert out["speaker_agreement"] == 1.0  # E1 in a is E2 in b
    assert out["role_pairs_both"] == 2
    assert out["main_role_agreement"] == 0.5
    assert out["roles"]["f1"] == 0.5
    text = format_agreement(agreement_narratives([], []), out)
    assert "speaker agreement 1.000" in text and "stance (0 narratives" in text


def test_unnamed_speakers_must_match_exactly():
    a = [ents("p", [("E1", "Astana", "LOC", [[0, 6]])], quotes=[{"span": [10, 40], "kind": "indirect", "speaker": "anonymous"}])]
    b = [ents("p", [("E9", "Astana", "LOC", [[0, 6]])], quotes=[{"span": [10, 40], "kind": "indirect", "speaker": "E9"}])]
    assert agreement_entities(a, b)["speaker_agreement"] == 0.0


def test_stored_agreement_matches_the_gold_files():
    """agreement.json (printed beside model scores) is regenerated whenever the gold changes."""
    import json
    from pathlib import Path

    gold = Path(__file__).resolve().parents[2] / "narrascope" / "resources" / "annotations"
    read = lambda folder, name: [json.loads(l) for f in sorted(folder.glob(f"{name}*.jsonl"))
                                 for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]
    stored = json.loads((gold / "second" / "agreement.json").read_text(encoding="utf-8"))
    assert stored["narratives"] == json.loads(json.dumps(agreement_narratives(read(gold, "narratives"), read(gold / "second", "narratives"))))
    assert stored["entities"] == json.loads(json.dumps(agreement_entities(read(gold, "entities."), read(gold / "second", "entities."))))
    assert stored["narratives"]["pages"] == 30 and stored["narratives"]["stance"]["pairs"] >= 30
