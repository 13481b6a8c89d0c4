"""`narrascope train narratives --format semeval2025` reports gold labels no taxonomy knows: in the
manifest (with counts) and as a W134 warning naming them; it never drops them silently. The
training layout is our SemEval-2025 sample with labels added to its subtask-2 annotations."""
import json
import shutil
from pathlib import Path

from narrascope.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "semeval2025" / "EN"
UNKNOWN = "CC: Weather control: Chemtrails steer the rain"
ADDED = "CC: Downplaying climate change: Sea levels are not rising"  # in the released inventory since issue 13


def test_unknown_gold_labels_are_reported_not_dropped(tmp_path, capsys):
    data = tmp_path / "EN"
    shutil.copytree(SAMPLE / "raw-documents", data / "raw-documents")
    rows = (SAMPLE / "subtask-2-annotations.txt").read_text(encoding="utf-8").splitlines()
    rows[1] = f"EN_CC_0002.txt\tCC: Weather control;CC: Downplaying climate change\t{UNKNOWN};{ADDED}"
    (data / "subtask-2-annotations.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    assert main(["train", "narratives", "--data", str(data), "--format", "semeval2025", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    manifest = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert manifest["labels_not_in_taxonomies"] == {"CC: Weather control": 1, UNKNOWN: 1}
    assert "[W134]" in err and UNKNOWN in err and "CC: Weather control (1)" in err and ADDED not in err
