"""Agreement between two independent annotations of the same pages.

    python scripts/annotation_agreement.py                      # our dev2 gold vs its second annotation
    python scripts/annotation_agreement.py FIRST_DIR SECOND_DIR [--json] [--write]

Each folder holds ``narratives*.jsonl`` and ``entities.*.jsonl`` in the layouts of
docs/annotation/narratives.md and entities.md; only the pages present in both are compared.
``--write`` stores the result as ``narrascope/resources/annotations/second/agreement.json``, which
the evaluations print beside the model's scores.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from narrascope.eval.agreement import agreement_entities, agreement_narratives, format_agreement  # noqa: E402

GOLD = ROOT / "narrascope" / "resources" / "annotations"


def read(folder: Path, name: str) -> list[dict]:
    files = sorted(folder.glob(f"{name}*.jsonl"))
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    a, b = (Path(args[0]), Path(args[1])) if len(args) == 2 else (GOLD, GOLD / "second")
    narr = agreement_narratives(read(a, "narratives"), read(b, "narratives"))
    ents = agreement_entities(read(a, "entities."), read(b, "entities."))
    result = {"first": str(a.relative_to(ROOT) if a.is_relative_to(ROOT) else a),
              "second": str(b.relative_to(ROOT) if b.is_relative_to(ROOT) else b),
              "narratives": narr, "entities": ents}
    if "--write" in sys.argv:
        (GOLD / "second" / "agreement.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1) if "--json" in sys.argv else format_agreement(narr, ents))
