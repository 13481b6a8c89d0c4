"""Load and validate taxonomy YAML (schema: ``docs/taxonomies.md``).

A taxonomy file is untrusted input: it is read only if it is a regular file of at most
``MAX_TAXONOMY_BYTES``, parsed with a safe loader that also refuses YAML aliases (``*name``: the
"billion laughs" bomb), and every field is checked, so a bad file is one E013 when the pipeline is
built, never a crash or a failure per article.

    >>> load_taxonomy("central_asia").domain
    'CA'
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from .model import LANGS, OTHER, Label, Taxonomy, TaxonomySet

BUILTIN = Path(__file__).resolve().parent.parent / "resources" / "taxonomies"
DEFAULT_TAXONOMIES = ("central_asia", "semeval2025_urw", "semeval2025_cc")
_ID = re.compile(r"^[A-Za-z][\w.-]*$")
MAX_TAXONOMY_BYTES = 2_000_000  # the built-in ones are under 100 kB


class _SafeNoAliasLoader(yaml.SafeLoader):
    """``yaml.safe_load``'s loader, refusing aliases: a taxonomy never needs them, bombs do."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a taxonomy", mark)
        return super().compose_node(parent, index)


def builtin_names() -> list[str]:
    return sorted(p.stem for p in BUILTIN.glob("*.yaml") if not p.stem.endswith("_map"))


def _resolve(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.exists():
        if not path.is_file():
            raise _fail(str(path), "not a regular file")
        return path
    builtin = BUILTIN / f"{name_or_path}.yaml"
    if builtin.exists():
        return builtin
    raise ConfigError("E014", name=str(name_or_path), known=", ".join(builtin_names()))


def _fail(where: str, detail: str) -> ConfigError:
    return ConfigError("E013", where=where, detail=detail)


def _cues(raw: Any, where: str) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(where, "'cues' must map a language code to a list of phrases")
    out = {}
    for lang, phrases in raw.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise _fail(where, f"cues for '{lang}' must be a list of non-empty strings")
        out[str(lang)] = tuple(dict.fromkeys(p.strip().lower() for p in phrases))
    return out


def _examples(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    if raw is not None and not isinstance(raw, list):
        raise _fail(where, "'examples' must be a list")
    out = []
    for ex in raw or []:
        if isinstance(ex, str):
            out.append(("en", ex))
        elif isinstance(ex, dict) and isinstance(ex.get("text"), str):
            out.append((str(ex.get("lang", "en")), ex["text"]))
        else:
            raise _fail(where, "each example is a string or {lang, text}")
    return tuple(out)


def _label(entry: Any, where: str, name: str, parent: str | None, tax_id: str) -> Label:
    if not isinstance(entry, dict):
        raise _fail(where, "each narrative is a mapping with id, label and definition")
    for key in ("id", "label"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise _fail(where, f"missing '{key}'")
    if not _ID.match(entry["id"]):
        raise _fail(where, f"id '{entry['id']}' must start with a letter and hold only letters, digits, . _ -")
    definition = entry.get("definition")
    if not isinstance(definition, str) or not definition.strip():
        raise _fail(where, f"'{entry['label']}' has no definition")
    cues = _cues(entry.get("cues"), where)
    if entry["label"] != OTHER and not cues:
        raise _fail(where, f"'{entry['label']}' has no cue phrases (give at least one language)")
    return Label(entry["id"], name, " ".join(definition.split()), cues, _examples(entry.get("examples"), where),
                 parent, tax_id)


def load_taxonomy(name_or_path: str | Path) -> Taxonomy:
    """Read and validate one taxonomy: a built-in name (``central_asia``) or a YAML path."""
    path = _resolve(name_or_path)
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise _fail(str(path), "the file must be a mapping")
    for key in ("id", "domain", "narratives"):
        if key not in data:
            raise _fail(str(path), f"missing top-level '{key}'")
    for key in ("id", "domain", "name", "version", "licence"):
        if key in data and not isinstance(data[key], (str, int, float)):
            raise _fail(str(path), f"top-level '{key}' must be a string")
    domain = str(data["domain"]).strip()
    if not domain:
        raise _fail(str(path), "top-level 'domain' is empty")
    if not isinstance(data["narratives"], list) or not data["narratives"]:
        raise _fail(str(path), "'narratives' must be a non-empty list")
    labels: list[Label] = []
    for i, entry in enumerate(data["narratives"]):
        where = f"{path}: narratives[{i}]"
        coarse = _label(entry, where, f"{domain}: {entry.get('label') if isinstance(entry, dict) else ''}", None,
                        str(data["id"]))
        labels.append(coarse)
        subs = entry.get("subnarratives") or []
        if not isinstance(subs, list):
            raise _fail(where, "'subnarratives' must be a list")
        names = [s.get("label") for s in subs if isinstance(s, dict)]
        for j, sub in enumerate(subs):
            if not isinstance(sub, dict):
                raise _fail(f"{where}.subnarratives[{j}]", "each subnarrative is a mapping with id, label and definition")
            labels.append(_label(sub, f"{where}.subnarratives[{j}]", f"{coarse.name}: {sub.get('label')}",
                                 coarse.name, str(data["id"])))
        # SemEval semantics: a narrative with no fitting subnarrative is "<narrative>: Other", unless the
        # taxonomy says the narrative has no Other (`other: false`; SemEval's "CC: Climate change is beneficial").
        if OTHER not in names and entry.get("other", True) is not False:
            labels.append(Label(f"{entry['id']}.other", f"{coarse.name}: {OTHER}",
                                "The narrative is present but none of its listed subnarratives fits.", {}, (),
                                coarse.name, str(data["id"])))
    seen_ids, seen_names = set(), set()
    for lab in labels:
        if lab.id in seen_ids or lab.name in seen_names:
            raise _fail(str(path), f"duplicate id or label: {lab.id} / {lab.name}")
        seen_ids.add(lab.id)
        seen_names.add(lab.name)
    return Taxonomy(str(data["id"]), str(data.get("name", data["id"])), str(data.get("version", "0")), domain,
                    str(data.get("licence", "")), labels, str(path))


def _read_yaml(path: Path) -> Any:
    """The parsed file: bounded size, UTF-8, safe loader without aliases; any failure is E013."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_TAXONOMY_BYTES + 1)
    except OSError as err:
        raise _fail(str(path), f"cannot be read ({err.strerror or type(err).__name__})") from None
    if len(raw) > MAX_TAXONOMY_BYTES:
        raise _fail(str(path), f"larger than {MAX_TAXONOMY_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _fail(str(path), f"not UTF-8 ({err.reason} at byte {err.start})") from None
    try:
        return yaml.load(text, Loader=_SafeNoAliasLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as err:
        raise _fail(str(path), f"not valid YAML ({err})") from None
    except RecursionError:
        raise _fail(str(path), "nested too deeply") from None


@lru_cache(maxsize=16)
def _cached(names: tuple[str, ...]) -> TaxonomySet:
    taxonomies = [load_taxonomy(n) for n in names]
    seen: dict[str, str] = {}
    for tax in taxonomies:
        for lab in tax.labels:
            if lab.name in seen:
                raise _fail(tax.path, f"label '{lab.name}' is already defined by taxonomy '{seen[lab.name]}'")
            seen[lab.name] = tax.id
    return TaxonomySet(taxonomies)


def load_taxonomies(names: list[str] | tuple[str, ...] | None = None) -> TaxonomySet:
    """The taxonomies to classify with (default: Central Asia, SemEval URW and CC)."""
    return _cached(tuple(str(n) for n in (names or DEFAULT_TAXONOMIES)))


def languages_of(label: Label) -> list[str]:
    return [lang for lang in LANGS if label.cues.get(lang)]
