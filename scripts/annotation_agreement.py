"""Agreement between two independent annotations of the same pages.

    python scripts/annotation_agreement.py FIRST_DIR SECOND_DIR [--json]

Each folder holds ``narratives.jsonl`` and ``entities.jsonl`` in the layouts of
docs/annotation/narratives.md and entities.md; only the pages present in both are compared.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from narrascope.eval.agreement import agreement_entities, agreement_narratives, format_agreement  # noqa: E402


def read(folder: Path, name: str) -> list[dict]:
    files = sorted(folder.glob(f"{name}*.jsonl"))
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


if __name__ == "__main__":
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    narr = agreement_narratives(read(a, "narratives"), read(b, "narratives"))
    ents = agreement_entities(read(a, "entities"), read(b, "entities"))
    print(json.dumps({"narratives": narr, "entities": ents}, indent=1) if "--json" in sys.argv
          else format_agreement(narr, ents))
