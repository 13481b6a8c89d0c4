"""Throughput and peak memory of ingest + clean + langid + sentences.

    python bench/bench_ingest.py [--replicas 5000] [--corpus ../shared/data/corpora/dev.jsonl]

The dev corpus is replicated to N articles; every replica gets its own id, URL and a
perturbed text (a replica-specific word in some lines, two words swapped), so no dedup or
cache turns the run into hash look-ups. Writes bench/results/ingest.json.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from narrascope.components.langid import _detector  # noqa: E402
from narrascope.ingest import read_inputs  # noqa: E402
from narrascope.pipeline import Pipeline  # noqa: E402
from narrascope.settings import Settings  # noqa: E402


def perturb(text: str, k: int, rng: random.Random) -> str:
    lines = text.split("\n")
    for i in rng.sample(range(len(lines)), k=min(3, len(lines))):
        lines[i] = f"{lines[i]} r{k}"
    words = "\n".join(lines).split(" ")
    if len(words) > 4:
        a, b = rng.sample(range(len(words)), 2)
        words[a], words[b] = words[b], words[a]
    return " ".join(words)


def replicate(corpus: Path, n: int, out: Path) -> int:
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(7)
    chars = 0
    with out.open("w", encoding="utf-8") as fh:
        for k in range(n):
            row = dict(rows[k % len(rows)])
            row["id"] = f"{row['id']}-r{k}"
            row["url"] = f"{row.get('url') or 'https://example.invalid/a'}?replica={k}"
            row["text"] = perturb(row["text"], k, rng)
            chars += len(row["text"])
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return chars


def run(inputs: list[str], pipeline: Pipeline) -> tuple[int, int, float]:
    start = time.perf_counter()
    n = chars = 0
    items = (x for x in read_inputs(inputs, pipeline.settings) if hasattr(x, "raw_text"))
    for article in pipeline.pipe(items):
        n += 1
        chars += len(article.raw_text)
    return n, chars, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, default=5000)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/data/corpora/dev.jsonl"))
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared/seeds"))
    ap.add_argument("--out", default=str(ROOT / "bench/results/ingest.json"))
    args = ap.parse_args()

    settings = Settings()
    t0 = time.perf_counter()
    _detector(tuple(settings.languages))
    warmup = time.perf_counter() - t0
    pipeline = Pipeline(settings=settings)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "replicated.jsonl"
        replicate(Path(args.corpus), args.replicas, data)
        n, chars, secs = run([str(data)], pipeline)
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    seed_times = {}
    for seed in seeds:
        best = min(run([str(seed)], pipeline)[2] for _ in range(3))
        seed_times[seed.name] = {"chars": len(seed.read_text(encoding="utf-8")), "ms": round(best * 1000, 2)}
    result = {
        "what": "ingest(JSONL) + clean + langid + sentences, one process",
        "machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine()},
        "articles": n,
        "seconds": round(secs, 2),
        "articles_per_s": round(n / secs, 1),
        "ms_per_1000_chars": round(secs * 1000 / (chars / 1000), 3),
        "mean_chars": round(chars / n),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "detector_warmup_s": round(warmup, 2),
        "seeds_ms": seed_times,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
