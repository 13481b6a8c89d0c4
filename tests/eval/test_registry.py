"""The evaluation registry: every evaluation is one library call, writes the one scores.json shape, and
takes its default data from Settings. Small inputs only: a page written for this test, the sample folders."""
import functools
import json
from pathlib import Path

import pytest

from narrascope.cli import main
from narrascope.errors import ConfigError
from narrascope.eval import evaluate, evaluations
from narrascope.eval.scores import envelope
from narrascope.settings import SETTINGS_HELP, Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ENVELOPE = {"task", "split", "data", "component_versions", "scores", "details", "created"}

# A news page written for this test (no corpus text): menu and footer around a three-sentence body.
PAGE = ("Steppe Herald\nHome | News | Contact\n"
        "Astana, 12 May. The government of Kazakhstan announced a new water plan for the Syr Darya basin.\n"
        "Minister Aigerim Sadykova said: “This plan will protect every farm in the south for decades.”\n"
        "Critics call the plan a disaster that will ruin the steppe forever.\n"
        "Subscribe to our newsletter\n")
BODY = [PAGE.index("Astana"), PAGE.index("forever.") + len("forever.")]


def _at(word: str, after: int = 0) -> list[int]:
    start = PAGE.index(word, after)
    return [start, start + len(word)]


@pytest.fixture()
def page(tmp_path):
    """The page as a one-row corpus, and an annotation file per evaluation that reads annotations."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "p1", "url": "https://example.org/water", "outlet": "Steppe Herald",
                                  "language": "en", "title": None, "text": PAGE}) + "\n", encoding="utf-8")
    base = {"id": "p1", "split": "test", "language": "en", "body": [BODY]}
    quote = _at("“This plan will protect every farm in the south for decades.”")
    files = {
        "cleaning": base,
        "entities": {**base, "entities": [
            {"eid": "G1", "name": "Kazakhstan", "type": "LOC", "mentions": [_at("Kazakhstan")]},
            {"eid": "G2", "name": "Aigerim Sadykova", "type": "PER", "mentions": [_at("Aigerim Sadykova")]}],
            "quotes": [{"span": quote, "kind": "direct", "speaker": "G2"}], "roles": []},
        "techniques": {**base, "spans": [{"start": _at("disaster")[0], "end": _at("disaster")[1],
                                           "technique": "Loaded_Language"}]},
    }
    paths = {}
    for name, row in files.items():
        paths[name] = tmp_path / f"{name}.jsonl"
        paths[name].write_text(json.dumps(row) + "\n", encoding="utf-8")
    return corpus, paths


def _saved(out: Path) -> dict:
    saved = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert ENVELOPE <= set(saved), sorted(saved)
    return saved


@pytest.mark.parametrize("task", ["cleaning", "entities", "techniques"])
def test_dev_evaluations_write_the_envelope(task, page, tmp_path):
    corpus, annotations = page
    out = tmp_path / "out"
    result = evaluate(task, data=corpus, annotations=annotations[task], split="test", out=out)
    saved = _saved(out)
    assert (saved["task"], saved["split"], saved["data"]) == (task, "test", str(corpus))
    assert saved["details"]["pages"] == result["pages"] == 1
    # The baselines sit beside the scores: the trivial one is scored; the file has no train page, so the
    # trained one says it is not available instead of giving a number.
    assert saved["baselines"] == json.loads(json.dumps(result["baselines"]))
    assert "not available" in saved["baselines"]["trained"]["status"] and "all" not in saved["baselines"]["trained"]
    assert saved["verdict"] and set(saved["margins"]) == set(saved["verdict"])
    assert "baselines" not in saved["scores"] and "verdict" not in saved["details"]
    # The numbers are the runner's own, untouched.
    key = {"cleaning": "all/lines", "entities": "all", "techniques": "all"}[task]
    assert saved["scores"][key] == json.loads(json.dumps(result[key]))
    if task == "cleaning":
        assert set(saved["component_versions"]) == {"clean"} and result["all/lines"]["precision"] > 0
    else:
        assert saved["component_versions"] == result["pipeline"] and task in result["pipeline"]


def test_narratives_writes_the_envelope_with_the_stance_rules_as_baseline(page, tmp_path, monkeypatch):
    from narrascope.narratives import data

    corpus, _ = page
    gold = tmp_path / "narratives.jsonl"
    label = "CA: Kazakhstan is a Western puppet: Foreign-funded NGOs, media and activists"
    gold.write_text(json.dumps({"id": "p1", "split": "test", "language": "en", "narratives": [
        {"label": label, "stance": "counters", "evidence": [_at("Critics call the plan a disaster")]}]}) + "\n",
        encoding="utf-8")
    monkeypatch.setattr(data, "annotations", functools.partial(data.annotations, path=gold))
    out = tmp_path / "out"
    result = evaluate("narratives", data=corpus, out=out)
    saved = _saved(out)
    assert saved["task"] == "narratives" and saved["details"]["pages"] == result["pages"] == 1
    assert saved["scores"]["all"] == result["all"] and saved["scores"]["ece"] == result["ece"]
    assert saved["baselines"]["stance_oracle"] == {"rules": json.loads(json.dumps(result["stance_oracle"]["rules"]))}
    assert saved["baselines"]["trivial"]["name"] == "Other for all" and "status" in saved["baselines"]["trained"]
    assert "rules" not in saved["scores"]["stance_oracle"]
    assert saved["component_versions"] == result["pipeline"] and "narratives" in result["pipeline"]


def test_unlp2025_writes_the_envelope(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    posts = ["Вони знову брешуть вам, прокиньтеся, поки не пізно!", "Міська рада відремонтувала міст на Подолі."]
    table = pa.table({"id": ["u1", "u2"], "content": posts, "lang": ["uk", "uk"], "manipulative": [True, False],
                      "techniques": [["loaded_language"], []], "trigger_words": [[[0, 20]], []]})
    data_dir = tmp_path / "unlp"
    data_dir.mkdir()
    pq.write_table(table, data_dir / "train.parquet")
    result = evaluate("unlp2025", data=data_dir, split="all", out=tmp_path / "out")
    saved = _saved(tmp_path / "out")
    assert saved["task"] == "unlp2025" and saved["split"] == "all" and saved["data"] == str(data_dir)
    assert saved["scores"] == json.loads(json.dumps(result["scores"])) and result["documents"] == 2
    assert saved["details"]["status"] == result["status"]


def test_every_registered_evaluation_is_tested_for_the_envelope():
    # cleaning/entities/techniques/narratives/unlp2025 above; framing in test_framing.py; waves in
    # test_waves.py; the others in test_run.py's sample folders.
    assert set(evaluations()) == {"cleaning", "entities", "framing", "techniques", "narratives", "semeval2025",
                                  "semeval2023", "ptc", "unlp2025", "waves", "copies"}


def test_envelope_keeps_the_numbers_and_lifts_the_rest():
    result = {"task": "ptc", "subtask": 2, "data": "PTC", "pipeline": {"plain": "1"}, "status": "scored",
              "scores": {"f1": 0.25}}
    env = envelope("ptc", result, data="ignored", scores_key="scores", created="2026-01-01T00:00:00+00:00")
    assert env == {"task": "ptc", "split": None, "data": "PTC", "component_versions": {"plain": "1"},
                   "scores": {"f1": 0.25}, "details": {"subtask": 2, "status": "scored"},
                   "created": "2026-01-01T00:00:00+00:00"}


def test_options_a_task_does_not_take_and_missing_data_are_coded_errors():
    with pytest.raises(ConfigError) as err:
        evaluate("entities", model="models/mine")
    assert err.value.code == "E018" and "--model" in str(err.value)
    with pytest.raises(ConfigError) as err:
        evaluate("semeval2023", lang="en")
    assert err.value.code == "E016"
    with pytest.raises(ConfigError) as err:
        evaluate("sentiment")
    assert err.value.code == "E005" and "cleaning" in str(err.value)


def test_the_dev_corpus_comes_from_settings(tmp_path, capsys):
    assert SETTINGS_HELP["shared_dir"][0] == "../shared"
    assert Settings().dev_corpus == Path("../shared/data/corpora/dev.jsonl")
    assert Settings(shared_dir=str(tmp_path)).euvs_cases == tmp_path / "data" / "euvsdisinfo" / "cases.csv"
    # A shared folder without the dev corpus: the default path is the one read (E008 names it).
    code = main(["eval", "narratives", "--shared-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "[E008]" in err and str(tmp_path / "data" / "corpora" / "dev.jsonl") in err
    assert main(["eval", "--help"]) == 0
    assert "default ../shared/data/corpora/dev.jsonl" in " ".join(capsys.readouterr().out.split())


def test_cli_eval_is_the_same_call(page, tmp_path, capsys):
    corpus, annotations = page
    out = tmp_path / "cli-out"
    assert main(["eval", "cleaning", "--data", str(corpus), "--annotations", str(annotations["cleaning"]),
                 "--out", str(out), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(evaluate("cleaning", data=corpus, annotations=annotations["cleaning"])))
    assert _saved(out)["scores"]["all/chars"] == printed["all/chars"]
