"""The ``narrascope`` command: thin wrappers that parse arguments, call one library
function, and turn library errors into clean messages."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from . import __version__
from .api import Summary, analyze, ingest
from .article import Article
from .errors import ErrorRecord, NarrascopeError
from .settings import SETTINGS_HELP, Settings
from .store import Store, open_store


TASKS = ["semeval2025", "semeval2023", "ptc", "unlp2025"]


class Progress:
    """A one-line progress counter on a terminal; silent in CI and pipes."""

    def __init__(self, label: str, stream=None):
        self.stream, self.label, self.n = stream or sys.stderr, label, 0
        self.enabled = self.stream.isatty() and not os.environ.get("CI")

    def __call__(self, item: Any) -> None:
        self.n += 1
        if self.enabled and (self.n < 50 or self.n % 25 == 0):
            self.stream.write(f"\r{self.label}: {self.n} input(s) done")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.n:
            self.stream.write("\n")


def _settings(args: argparse.Namespace) -> Settings:
    options: dict[str, Any] = {}
    if getattr(args, "languages", None):
        options["languages"] = tuple(c.strip() for c in args.languages.split(",") if c.strip())
    if getattr(args, "model", None):
        options["models"] = tuple(args.model)
    if getattr(args, "taxonomy", None):
        options["taxonomies"] = tuple(args.taxonomy)
    for name in ("max_bytes", "batch_size"):
        if getattr(args, name, None):
            options[name] = getattr(args, name)
    if getattr(args, "allow_private", False):
        options["allow_private_addresses"] = True
    return Settings().with_options(**options)


def _mapping(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        field, _, column = pair.partition("=")
        if not column:
            raise SystemExit(f"--map takes field=column, got '{pair}'")
        out[field.strip()] = column.strip()
    return out


def _print_summary(summary: Summary, out=None) -> None:
    out = out or sys.stdout
    print(f"inputs: {summary.inputs}  analysed: {summary.analysed}  updated: {summary.updated}  "
          f"unchanged: {summary.unchanged}  duplicate: {summary.duplicate}  error: {summary.error}  "
          f"warnings: {summary.warnings}  ({summary.seconds:.1f}s)", file=out)
    for rec in summary.records:
        print(f"  {rec.level}: {rec.reason}", file=out)


def cmd_analyze(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        progress = Progress("analyze")
        summary = analyze(args.inputs, store, _settings(args), preset=args.preset,
                          overrides=_mapping(args.map), force=args.force, on_item=progress)
        progress.close()
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
    else:
        _print_summary(summary)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    counts = {"read": 0, "duplicate": 0, "error": 0, "warnings": 0}
    with open_store(args.db) as store:
        for item in ingest(args.inputs, _settings(args), preset=args.preset, overrides=_mapping(args.map)):
            if isinstance(item, ErrorRecord):
                store.save_error(item)
                key = {"warning": "warnings", "duplicate": "duplicate"}.get(item.level, "error")
                counts[key] += 1
                print(f"  {item.level}: {item.reason}")
            elif store.pipeline_of(item.id) is None:
                store.save(item)
                counts["read"] += 1
            else:
                counts["duplicate"] += 1
    print("  ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        rows = store.rows()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        title = (r["title"] or "(untitled)").replace("\n", " ")
        print(f"{r['id']}  {(r['published'] or '')[:16]:16}  {(r['language'] or '?'):3} "
              f"{(r['outlet'] or '')[:28]:28}  {title[:80]}")
    print(f"{len(rows)} article(s)", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        article = store.get(args.id)
    if args.text:
        from .summary import article_summary

        print(article_summary(article))
        return 0
    data = article.to_dict()
    if not args.raw:
        data.pop("raw_text")
    print(json.dumps(data, ensure_ascii=False, indent=1))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    with open_store(args.db) as store:
        result = export(store, args.format, args.output, subtask=args.subtask, table=args.table)
    print(result.message, file=sys.stderr)
    return 0 if result.ok else 1


def cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report

    with open_store(args.db) as store:
        articles: list[Article] = list(store.articles())
        path = write_report(articles, store.errors(), args.output, title=args.title)
    print(f"wrote {path} ({len(articles)} article(s))")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.task == "cleaning":
        from .eval.cleaning import evaluate_cleaning, format_cleaning

        corpus = args.data or "../shared/data/corpora/dev.jsonl"
        result = evaluate_cleaning(corpus, split=args.split or "test", annotations=args.annotations)
        print(json.dumps(result, indent=1) if args.json else format_cleaning(result))
        return 0
    if args.task == "entities":
        from .eval.entities import evaluate_entities, format_entities

        corpus = args.data or "../shared/data/corpora/dev.jsonl"
        result = evaluate_entities(corpus, split=args.split or "test",
                                   annotations=[args.annotations] if args.annotations else None)
        print(json.dumps(result, indent=1) if args.json else format_entities(result))
        return 0
    if args.task == "techniques":
        from .eval.techniques import evaluate_techniques, format_techniques

        result = evaluate_techniques(args.data or "../shared/data/corpora/dev.jsonl", split=args.split or "test",
                                     annotations=[args.annotations] if args.annotations else None,
                                     settings=_settings(args))
        print(json.dumps(result, indent=1) if args.json else format_techniques(result))
        return 0
    if args.task == "narratives":
        from .eval.narratives import evaluate_narratives, format_narratives

        result = evaluate_narratives(args.data or "../shared/data/corpora/dev.jsonl", split=args.split or "test",
                                     models=tuple(args.model or ()), taxonomies=tuple(args.taxonomy or ()) or None)
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            (Path(args.out) / "scores.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(result, indent=1) if args.json else format_narratives(result))
        return 0
    from .eval.run import evaluate_task, format_result

    if not args.data:
        raise SystemExit(f"narrascope eval {args.task} needs --data DIR")
    result = evaluate_task(args.task, args.data, lang=args.lang, subtask=args.subtask, out_dir=args.out,
                           settings=_settings(args), split=args.split,
                           score_options={"bertscore_model": args.bertscore_model} if args.bertscore_model else None)
    print(json.dumps(result, indent=1, ensure_ascii=False) if args.json else format_result(result))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from .train import train

    options = {k: v for k, v in (("taxonomy", args.taxonomy), ("lang", args.lang)) if v}
    out = train(args.component, args.data or ".", args.format, args.output, **options)
    print(f"wrote model to {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="narrascope", description="Narratives inside news: ingest, clean, analyse, store, report.")
    p.add_argument("--version", action="version", version=f"narrascope {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, fn, help_: str, example: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=f"{help_}\n\nExample:\n  {example}",
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        sp.add_argument("--db", default="narrascope.db", help="SQLite store path (default: narrascope.db)")
        sp.set_defaults(func=fn)
        return sp

    def add_input_flags(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("inputs", nargs="+", help="files, directories, URLs or RSS/Atom feed URLs")
        sp.add_argument("--preset", choices=["auto", "mediacloud", "4cat"], default="auto",
                        help="column mapping for CSV/JSONL exports (default: detect)")
        sp.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                        help="map an article field (text, title, url, outlet, author, published, language) to a column")
        sp.add_argument("--languages", help=f"comma-separated; {SETTINGS_HELP['languages'][1]}")
        sp.add_argument("--max-bytes", type=int, help=SETTINGS_HELP["max_bytes"][1])
        sp.add_argument("--allow-private", action="store_true", help=SETTINGS_HELP["allow_private_addresses"][1])

    sp = add("analyze", cmd_analyze, "Ingest inputs, run the pipeline and store the results.",
             "narrascope analyze samples/corpus --db demo.db")
    add_input_flags(sp)
    sp.add_argument("--batch-size", type=int, help=SETTINGS_HELP["batch_size"][1])
    sp.add_argument("--force", action="store_true", help="re-analyse articles already stored with this pipeline")
    sp.add_argument("--model", action="append", metavar="MODEL_DIR", help="trained model directory (repeatable)")
    sp.add_argument("--taxonomy", action="append", metavar="NAME_OR_YAML",
                    help="narrative taxonomy, built-in name or YAML path (repeatable; default: central_asia, "
                         "semeval2025_urw, semeval2025_cc)")
    sp.add_argument("--json", action="store_true", help="print the summary as JSON")

    sp = add("ingest", cmd_ingest, "Read inputs into the store without analysing them.",
             "narrascope ingest export.csv --preset mediacloud --db corpus.db")
    add_input_flags(sp)

    sp = add("list", cmd_list, "List stored articles: id, date, language, outlet, title.", "narrascope list --db demo.db")
    sp.add_argument("--json", action="store_true")

    sp = add("show", cmd_show, "Print one article as JSON (an id prefix is enough).", "narrascope show 37412b15 --db demo.db")
    sp.add_argument("id")
    sp.add_argument("--raw", action="store_true", help="include the raw text")
    sp.add_argument("--text", action="store_true", help="a readable summary: fields, entities, quotes, voices")

    from .export import formats

    export_formats = formats()
    sp = add("export", cmd_export, "Export stored articles (JSONL, tidy CSV or Parquet tables), or predictions "
             "in a shared task's format.",
             "narrascope export --format csv -o tables/ --db demo.db\n"
             "  narrascope export --format semeval2025 --subtask 2 -o preds.txt --db demo.db")
    sp.add_argument("--format", choices=list(export_formats), default="jsonl", metavar="FORMAT",
                    help="; ".join(f"{f.name}: {f.help}" for f in export_formats.values()) + " (default: jsonl)")
    sp.add_argument("--subtask", type=int, help="subtask, for a shared-task format")
    sp.add_argument("--table", help="csv/parquet: write only this table (articles, narratives, entities, roles, "
                                    "quotes, techniques)")
    sp.add_argument("-o", "--output", help="file or folder to write (default: standard output; csv to standard "
                                           "output is the articles table only)")

    sp = add("report", cmd_report, "Write a self-contained HTML report of the store.", "narrascope report --db demo.db -o report.html")
    sp.add_argument("-o", "--output", default="narrascope-report.html")
    sp.add_argument("--title", default="narrascope report")

    sp = add("eval", cmd_eval, "Evaluate against held-out annotations or a shared-task benchmark folder.",
             "narrascope eval cleaning --split test\n  narrascope eval semeval2025 --data DIR --lang en --subtask 2 --out eval-out")
    sp.add_argument("task", choices=["cleaning", "entities", "narratives", "techniques", *TASKS])
    sp.add_argument("--taxonomy", action="append", help="narratives: taxonomy name or YAML path (repeatable)")
    sp.add_argument("--data", "--corpus", dest="data",
                    help="benchmark folder or file (cleaning: the dev corpus JSONL, default ../shared/data/corpora/dev.jsonl)")
    sp.add_argument("--lang", help="language folder or code (case-insensitive), e.g. en or EN")
    sp.add_argument("--subtask", type=int)
    sp.add_argument("--split", choices=["test", "train", "all"], help="held-out split (cleaning, unlp2025; default test)")
    sp.add_argument("--out", help="folder for predictions in the official format and scores.json")
    sp.add_argument("--model", action="append", metavar="MODEL_DIR", help="trained model directory (repeatable)")
    sp.add_argument("--annotations", help="cleaning: annotation JSONL (default: the shipped clean_body.jsonl)")
    sp.add_argument("--bertscore-model", help="semeval2025 subtask 3: local bert-base-multilingual-cased (needs bert-score)")
    sp.add_argument("--json", action="store_true")

    sp = add("train", cmd_train, "Train a component on a shared task's data or our own; writes a model directory.",
             "narrascope train narratives --format narrascope -o models/narratives\n"
             "  narrascope train narratives --data DIR --format semeval2025 -o models/narratives-semeval\n"
             "  narrascope train framing --data DIR --format semeval2025 -o models/framing")
    sp.add_argument("component")
    sp.add_argument("--data", help="training data folder or file (not needed for --format narrascope)")
    sp.add_argument("--format", required=True, choices=[*TASKS, "narrascope", "jsonl"],
                    help="narrascope: the shipped training sources; jsonl: your own JSON lines")
    sp.add_argument("--taxonomy", action="append", help="taxonomy name or YAML path (repeatable; narratives)")
    sp.add_argument("--lang", help="language folder of a shared-task release (default: all)")
    sp.add_argument("-o", "--output", required=True)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NarrascopeError as exc:
        print(f"narrascope: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `narrascope list | head`
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
