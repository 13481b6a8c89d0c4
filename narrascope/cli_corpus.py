"""``narrascope corpus ...``: the corpus views on the command line, each a thin call into
:mod:`narrascope.corpus`, written as CSV (the default), JSON Lines or one JSON document.

    narrascope corpus timeline --db demo.db --bucket month --by stance
    narrascope corpus outlets --db demo.db --format jsonl
    narrascope corpus search "русофоб*" --db demo.db --language ru
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable

from .cli_output import dumps
from .corpus import casting, facts, outlets, outlets_meta, search, timelines, voices
from .corpus.filters import BUCKETS, STANCES, Filters
from .safecsv import safe_writer
from .store import open_store

FORMATS = ("csv", "jsonl", "json")


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        if value and all(isinstance(v, str) for v in value) and isinstance(value, list):
            return ";".join(value)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def write_rows(rows: list[dict[str, Any]], fmt: str, out=None) -> None:
    """Rows as CSV (lists joined with ``;``, nested values as JSON), JSON Lines or one JSON array."""
    out = out or sys.stdout
    if fmt == "json":
        print(dumps(rows, indent=1), file=out)
        return
    if fmt == "jsonl":
        for row in rows:
            print(dumps(row), file=out)
        return
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    writer = safe_writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(**{k: getattr(args, k) for k in ("outlet", "group", "country", "language", "since", "until",
                                                    "narrative", "stance", "voice", "entity", "technique")
                      if getattr(args, k, None) is not None})


def _emit(args: argparse.Namespace, rows: list[dict[str, Any]], note: str | None = None) -> int:
    if args.output and args.output != "-":
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            write_rows(rows, args.format, fh)
        args.reporter.info(f"wrote {args.output} ({len(rows)} row(s))")
    else:
        write_rows(rows, args.format)
        args.reporter.info(f"{len(rows)} row(s)" + (f"; {note}" if note else ""))
    return 0


def _view(fn: Callable[[Any, argparse.Namespace], tuple[list[dict[str, Any]], str | None]]):
    def run(args: argparse.Namespace) -> int:
        with open_store(args.db, create=False) as store:
            result, note = fn(store, args)
        return _emit(args, result, note)
    return run


def _timeline(store, args):
    rows = timelines.timeline(store, bucket=args.bucket, by=args.by, level=args.level, filters=_filters(args))
    missing = timelines.undated(store, _filters(args))
    return rows, (f"{missing} undated article(s) left out" if missing else None)


def _volume(store, args):
    return timelines.volume(store, bucket=args.bucket, by=args.by, filters=_filters(args)), None


def _waves(store, args):
    from .corpus.waves import detect_waves

    return detect_waves(store, stance=args.wave_stance, level=args.level, per_group=args.per_group,
                        rate={"share": False, "rate": True, "auto": None}[args.measure],
                        narrative=args.narrative,
                        filters=Filters(**{**_filters(args).as_dict(), "narrative": None})), None


def _copies(store, args):
    from .corpus.copies_store import clusters, update_copies

    if args.update or args.rebuild:
        done = update_copies(store, rebuild=args.rebuild)
        args.reporter.info(f"copy index: {done['indexed']} article(s) indexed, {done['pairs']} new pair(s) in "
                           f"{done['seconds']} s" + (f"; warning: {done['skipped']}" if done["skipped"] else ""))
    rows = []
    for n, c in enumerate(clusters(store, kind=args.kind, outlet=args.outlet), 1):
        for v in [c["origin"], *c["copies"]]:
            kinds = sorted({e["kind"] for e in c["edges"] if v["id"] in (e["a"], e["b"])})
            rows.append({"cluster": n, "article_id": v["id"], "role": "origin" if v is c["origin"] else "copy",
                         "outlet": v.get("outlet"), "language": v.get("language"), "published": v.get("published"),
                         "lag_days": v.get("lag_days"), "kinds": kinds})
    return rows, None


def _matrix(store, args):
    return outlets.matrix(store, level=args.level, filters=_filters(args)), None


def _outlets(store, args):
    result = outlets.outlets(store, filters=_filters(args), limit=args.limit, offset=args.offset)
    return result["items"], f"{result['total']} outlet(s) in all"


def _profile(store, args):
    return [outlets.profile(store, args.name, filters=_filters(args))], None


def _casting(store, args):
    return casting.casting(store, entity=args.entity_name, role=args.role, filters=_filters(args),
                           limit=args.limit, offset=args.offset), None


def _voices(store, args):
    return voices.quoted_voices(store, speaker=args.speaker, filters=_filters(args), limit=args.limit,
                                offset=args.offset, include_anonymous=args.anonymous), None


def _search(store, args):
    result = search.search(store, args.query, filters=_filters(args), limit=args.limit, offset=args.offset)
    for item in result["items"]:
        item["snippet"] = (item["snippet"] or {}).get("text", "").replace("\n", " ")
    return result["items"], f"{result['total']} match(es) in all"


def cmd_refresh(args: argparse.Namespace) -> int:
    with open_store(args.db, create=False) as store:
        if args.outlets:
            n = outlets_meta.load_outlets(store, args.outlets)
            args.reporter.info(f"loaded {n} outlet(s) from {args.outlets}")
        result = facts.refresh(store, full=args.full)
    args.reporter.info(f"corpus tables: {result['refreshed']} article(s) refreshed, {result['removed']} removed "
                       f"in {result['seconds']} s")
    return 0


def add_filter_flags(sp: argparse.ArgumentParser, *, narrative: bool = True) -> None:
    sp.add_argument("--outlet", help="only this outlet (whole name, any case)")
    sp.add_argument("--group", help="only outlets of this group (from the outlet file)")
    sp.add_argument("--country", help="only outlets of this country (from the outlet file)")
    sp.add_argument("--language", help="only this language code, e.g. ru")
    sp.add_argument("--since", metavar="DATE", help="published on or after this ISO date")
    sp.add_argument("--until", metavar="DATE", help="published on or before this ISO date")
    if narrative:
        sp.add_argument("--narrative", metavar="TEXT", help="narratives whose label contains TEXT (any case)")
        sp.add_argument("--stance", choices=STANCES, help="the author's stance toward the narrative")
        sp.add_argument("--voice", choices=("author", "quoted"), help="who carries the narrative")
    sp.add_argument("--entity", metavar="KEY_OR_NAME", help="articles naming this entity (reg:kz, or part of a name)")
    sp.add_argument("--technique", metavar="TEXT", help="articles with a persuasion technique containing TEXT")


def add_commands(add: Callable[..., argparse.ArgumentParser], env_db: str | None) -> None:
    """Register ``corpus`` and its subcommands through the CLI's ``add(name, fn, help, example)``;
    ``env_db`` is the store named by $NARRASCOPE_DB, the default of every view's --db."""
    sp = add("corpus", None, "Corpus views: timelines, outlets, who casts whom, quoted voices, search.",
             "narrascope corpus timeline --db demo.db --bucket month --by stance")
    sub = sp.add_subparsers(dest="view", required=True, metavar="VIEW")

    def view(name: str, fn, help_: str, paged: bool = False, narrative: bool = True,
             filters: bool = True) -> argparse.ArgumentParser:
        v = sub.add_parser(name, help=help_, description=help_)
        v.add_argument("--db", default=env_db, required=not env_db, metavar="PATH",
                       help="SQLite store (must exist); default: $NARRASCOPE_DB")
        v.add_argument("--format", choices=FORMATS, default="csv", help="csv (default), jsonl or json")
        v.add_argument("-o", "--output", help="file to write (default: standard output)")
        if paged:
            v.add_argument("--limit", type=int, default=50, metavar="N", help="at most N rows (default 50)")
            v.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N rows")
        if filters:
            add_filter_flags(v, narrative=narrative)
        v.set_defaults(func=_view(fn) if fn else cmd_refresh)
        return v

    v = view("timeline", _timeline, "Articles per narrative per period, split by a facet.")
    v.add_argument("--bucket", choices=BUCKETS, default="week")
    v.add_argument("--by", choices=list(timelines.FACETS), help="split each narrative's counts by this facet")
    v.add_argument("--level", choices=timelines.LEVELS, default="narrative")
    v = view("volume", _volume, "All articles per period (the denominator of a narrative's share).")
    v.add_argument("--bucket", choices=BUCKETS, default="day")
    v.add_argument("--by", choices=("outlet", "group", "country", "language"))
    v = view("waves", _waves, "Campaign waves: bursts in each narrative's daily share of articles, with outlets, "
                              "first movers, techniques and quoted speakers.", narrative=False)
    v.add_argument("--narrative", metavar="TEXT", help="only narratives whose label contains TEXT")
    v.add_argument("--stance", dest="wave_stance", choices=STANCES,
                   help="count only articles with this stance (promotes: campaigns)")
    v.add_argument("--per-group", action="store_true", help="search each outlet group's timeline on its own")
    v.add_argument("--measure", choices=("auto", "share", "rate"), default="auto",
                   help="share: a rise in the narrative's share of the day's articles; rate: in its count (a corpus "
                        "collected around one narrative); auto (default): share where the corpus is dense enough")
    v.add_argument("--level", choices=("narrative", "subnarrative"), default="narrative")
    v = view("copies", _copies, "Copies and translations across outlets: each story's earliest version and its "
                                "later copies with their lags (one row per version).", filters=False)
    v.add_argument("--update", action="store_true", help="first index the articles added since the last update "
                                                         "(embeds a few sentences each for translations: slow)")
    v.add_argument("--rebuild", action="store_true", help="index every article afresh")
    v.add_argument("--kind", choices=("duplicate", "translation"), help="only this kind of copy")
    v.add_argument("--outlet", help="only stories with a version from this outlet")
    v = view("matrix", _matrix, "Outlet x narrative x stance: articles of each outlet carrying each narrative.")
    v.add_argument("--level", choices=("narrative", "subnarrative"), default="narrative")
    view("outlets", _outlets, "Outlets with metadata, article counts and date range.", paged=True)
    v = view("outlet", _profile, "One outlet's profile: narratives, stance mix, techniques per 1,000 words, "
                                 "quoted voices, whom it casts in which role.")
    v.add_argument("name", help="the outlet's name (any case)")
    v = view("casting", _casting, "Who casts whom: each entity's roles, with articles and outlets.", paged=True)
    v.add_argument("entity_name", nargs="?", metavar="ENTITY", help="an identity key (reg:kz) or part of a name")
    v.add_argument("--role", help="only this main role (Protagonist, Antagonist, Innocent)")
    v = view("voices", _voices, "Quoted voices: speakers, the outlets quoting them, the narratives around them.",
             paged=True)
    v.add_argument("speaker", nargs="?", help="an identity key or part of a speaker's name")
    v.add_argument("--anonymous", action="store_true", help="include anonymous sources")
    v = view("search", _search, "Full-text search: words, \"phrases\", prefix*, AND/OR/NOT.", paged=True)
    v.add_argument("query")
    v = view("refresh", None, "Bring the corpus tables up to date (analyze does it too); load an outlet file.",
             filters=False)
    v.add_argument("--full", action="store_true", help="rebuild every corpus table from the stored analyses")
    v.add_argument("--outlets", metavar="FILE", help="outlet metadata (YAML or CSV): country, group, type, aliases")
