"""The JSON API: every corpus view, each list paginated (``total``, ``offset``, ``limit``, ``items``),
every row with the article ids behind it, and the article view with its spans."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Iterator

from fastapi import APIRouter, Depends, Query, Request

from ..corpus import casting, outlets, search, timelines, voices
from ..corpus.filters import BUCKETS, Filters
from ..corpus.facts import pending
from ..corpus.state import version
from ..store import Store, open_store

router = APIRouter(prefix="/api")
LIMIT = Query(50, ge=1, le=1000, description="rows per page (at most 1,000)")
OFFSET = Query(0, ge=0, description="rows to skip")
ARTICLE_LAYERS = ("narratives", "techniques", "quotes", "voices", "entities", "framing", "paragraphs")


def store(request: Request) -> Iterator[Store]:
    """A read-only connection per request (SQLite connections stay in their thread)."""
    db = open_store(request.app.state.db_path, readonly=True)
    try:
        yield db
    finally:
        db.close()


def filters(outlet: str | None = None, group: str | None = None, country: str | None = None,
            language: str | None = None, since: str | None = Query(None, description="ISO date, inclusive"),
            until: str | None = Query(None, description="ISO date, inclusive"),
            narrative: str | None = Query(None, description="part of a narrative label, any case"),
            stance: str | None = Query(None, description="promotes, reports-on, counters or unclear"),
            voice: str | None = Query(None, description="author or quoted"),
            entity: str | None = Query(None, description="an identity key (reg:kz) or part of a name"),
            technique: str | None = None) -> Filters:
    return Filters(outlet=outlet, group=group, country=country, language=language, since=since, until=until,
                   narrative=narrative, stance=stance, voice=voice, entity=entity, technique=technique)


_CACHE: "OrderedDict[tuple, Any]" = OrderedDict()
CACHE_SIZE = 512


def cached(request: Request, db: Store, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered until the corpus tables change (their version number, one indexed
    read): aggregates over 100,000 articles are computed once per refresh, not once per request."""
    key = (request.app.state.db_path, version(db.db), request.url.path, str(request.url.query))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    value = compute()
    _CACHE[key] = value
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def paged(items: list[Any], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {"total": len(items), "offset": offset, "limit": limit, "items": items[offset:offset + limit], **extra}


@router.get("/health")
def health(request: Request) -> dict[str, Any]:
    """Liveness, and what is being served (open without a token)."""
    from .. import __version__

    return {"status": "ok", "version": __version__, "readonly": True}


@router.get("/summary")
def summary(request: Request, db: Store = Depends(store)) -> dict[str, Any]:
    """Counts for the overview: articles, dated range, outlets, languages, narratives found."""
    def compute() -> dict[str, Any]:
        q = db.db.execute
        return {"articles": q("SELECT COUNT(*) FROM corpus_articles").fetchone()[0],
                "first_day": q("SELECT MIN(day) FROM corpus_articles").fetchone()[0],
                "last_day": q("SELECT MAX(day) FROM corpus_articles").fetchone()[0],
                "undated": q("SELECT COUNT(*) FROM corpus_articles WHERE day IS NULL").fetchone()[0],
                "outlets": q("SELECT COUNT(DISTINCT outlet) FROM corpus_articles").fetchone()[0],
                "languages": dict(q("SELECT COALESCE(language, '?'), COUNT(*) FROM corpus_articles GROUP BY 1 "
                                    "ORDER BY 2 DESC").fetchall()),
                "narratives": dict(q("SELECT label, COUNT(DISTINCT cid) FROM corpus_narratives WHERE level = "
                                     "'narrative' GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())}

    # pending: articles a writer stored and has not refreshed yet (never cached)
    return {**cached(request, db, compute), "pending_refresh": pending(db)}


@router.get("/timeline")
def timeline(request: Request, bucket: str = Query("week", description="/".join(BUCKETS)), by: str | None = None,
             level: str = "narrative", f: Filters = Depends(filters), limit: int = LIMIT, offset: int = OFFSET,
             db: Store = Depends(store)) -> dict[str, Any]:
    """Articles per narrative per period, split by ``by`` (stance, voice, outlet, group, country, language)."""
    def compute() -> dict[str, Any]:
        total = len(timelines.timeline(db, bucket=bucket, by=by, level=level, filters=f, ids=False))
        items = timelines.timeline(db, bucket=bucket, by=by, level=level, filters=f, limit=limit, offset=offset)
        return {"total": total, "offset": offset, "limit": limit, "items": items, "undated": timelines.undated(db, f)}

    return cached(request, db, compute)


@router.get("/volume")
def volume(request: Request, bucket: str = Query("day"), by: str | None = None, f: Filters = Depends(filters),
           limit: int = LIMIT, offset: int = OFFSET, db: Store = Depends(store)) -> dict[str, Any]:
    """All articles per period: the denominator of a narrative's share."""
    def compute() -> dict[str, Any]:
        return paged(timelines.volume(db, bucket=bucket, by=by, filters=f), limit, offset)

    return cached(request, db, compute)


@router.get("/matrix")
def matrix(request: Request, level: str = "narrative", f: Filters = Depends(filters), limit: int = LIMIT,
           offset: int = OFFSET,
           db: Store = Depends(store)) -> dict[str, Any]:
    """Outlet x narrative x stance."""
    def compute() -> dict[str, Any]:
        total = len(outlets.matrix(db, level=level, filters=f, ids=False))
        return {"total": total, "offset": offset, "limit": limit,
                "items": outlets.matrix(db, level=level, filters=f, limit=limit, offset=offset)}

    return cached(request, db, compute)


@router.get("/outlets")
def outlet_list(request: Request, f: Filters = Depends(filters), limit: int = LIMIT, offset: int = OFFSET,
                db: Store = Depends(store)) -> dict[str, Any]:
    """Outlets with metadata, article counts and date range, most articles first."""
    def compute() -> dict[str, Any]:
        result = outlets.outlets(db, filters=f, limit=limit, offset=offset)
        return {"total": result["total"], "offset": offset, "limit": limit, "items": result["items"]}

    return cached(request, db, compute)


@router.get("/outlets/{name:path}")
def outlet_profile(request: Request, name: str, f: Filters = Depends(filters),
                   db: Store = Depends(store)) -> dict[str, Any]:
    """One outlet's profile."""
    def compute() -> dict[str, Any]:
        return outlets.profile(db, name, filters=f)

    return cached(request, db, compute)


@router.get("/casting")
def casting_list(request: Request, entity: str | None = None, role: str | None = None, f: Filters = Depends(filters),
                 limit: int = LIMIT, offset: int = OFFSET, db: Store = Depends(store)) -> dict[str, Any]:
    """Who casts whom: (entity, role) with articles and outlets, most articles first."""
    def compute() -> dict[str, Any]:
        everything = casting.casting(db, entity=entity, role=role, filters=f, limit=None, ids=False)
        items = casting.casting(db, entity=entity, role=role, filters=f, limit=limit, offset=offset)
        return {"total": len(everything), "offset": offset, "limit": limit, "items": items}

    return cached(request, db, compute)


@router.get("/entities/{key:path}/roles")
def entity_roles(request: Request, key: str, by: str = "outlet", bucket: str | None = None,
                 f: Filters = Depends(filters),
                 limit: int = LIMIT, offset: int = OFFSET, db: Store = Depends(store)) -> dict[str, Any]:
    """One entity's roles by outlet, voice, group or language (and period with ``bucket``)."""
    def compute() -> dict[str, Any]:
        return paged(casting.roles_by(db, key, by=by, bucket=bucket, filters=f), limit, offset)

    return cached(request, db, compute)


@router.get("/voices")
def voice_list(request: Request, speaker: str | None = None, anonymous: bool = False,
               f: Filters = Depends(filters),
               limit: int = LIMIT, offset: int = OFFSET, db: Store = Depends(store)) -> dict[str, Any]:
    """Quoted speakers, those quoted by the most outlets first."""
    def compute() -> dict[str, Any]:
        total = len(voices.quoted_voices(db, speaker=speaker, filters=f, include_anonymous=anonymous, limit=None,
                                         narratives=False))
        items = voices.quoted_voices(db, speaker=speaker, filters=f, include_anonymous=anonymous, limit=limit,
                                     offset=offset)
        return {"total": total, "offset": offset, "limit": limit, "items": items}

    return cached(request, db, compute)


@router.get("/search")
def search_articles(request: Request,
                    q: str = Query(..., min_length=1, description='words, "phrases", prefix*, AND/OR/NOT'),
                    f: Filters = Depends(filters), limit: int = LIMIT, offset: int = OFFSET,
                    db: Store = Depends(store)) -> dict[str, Any]:
    """Full-text search, best match first, with a snippet per article."""
    def compute() -> dict[str, Any]:
        return search.search(db, q, filters=f, limit=limit, offset=offset)

    return cached(request, db, compute)


@router.get("/articles")
def article_list(f: Filters = Depends(filters), limit: int = LIMIT, offset: int = OFFSET,
                 db: Store = Depends(store)) -> dict[str, Any]:
    """Articles matching the filters, newest first."""
    from ..corpus.filters import JOIN, prepare, rows

    prepare(db)
    where, args = f.where(db)
    total = db.db.execute(f"SELECT COUNT(*) {JOIN} WHERE {where}", args).fetchone()[0]
    items = rows(db, f"SELECT c.article_id AS article_id, c.day AS day, c.outlet AS outlet, c.language AS language, "
                     f"c.title AS title, c.words AS words {JOIN} WHERE {where} "
                     f"ORDER BY c.day IS NULL, c.day DESC, c.article_id LIMIT ? OFFSET ?", [*args, limit, offset])
    return {"total": total, "offset": offset, "limit": limit, "items": items}


@router.get("/articles/{article_id}")
def article(article_id: str, db: Store = Depends(store)) -> dict[str, Any]:
    """One article with its text and its spans by layer (offsets into ``text``), entities and voices."""
    art = db.get(article_id)
    layers = {}
    for name in ARTICLE_LAYERS:
        layer = art.layers.get(name)
        if layer is not None:
            layers[name] = {"component": layer.component, "version": layer.version,
                            "spans": [{"start": s.start, "end": s.end, "label": s.label, "score": s.score,
                                       "attrs": s.attrs} for s in layer.spans]}
    return {"id": art.id, "title": art.title, "outlet": art.outlet, "published": art.published,
            "language": art.language, "url": art.url, "author": art.author, "text": art.text,
            "entities": art.meta.get("entities") or {}, "analyses": art.analyses, "layers": layers,
            "errors": [e.to_dict() if hasattr(e, "to_dict") else str(e) for e in art.errors]}


def _waves(db: Store, stance: str | None, level: str, per_group: bool, narrative: str | None, f: Filters,
           rate: bool | None = None):
    from ..corpus.waves import detect_waves

    return detect_waves(db, stance=stance, level=level, per_group=per_group, narrative=narrative, rate=rate,
                        filters=Filters(**{**f.as_dict(), "narrative": None, "stance": None}))


@router.get("/waves")
def wave_list(request: Request,
              stance: str | None = Query(None, description="count only articles with this stance (promotes: "
                                                            "campaigns)"),
              level: str = "narrative", per_group: bool = Query(False, description="search each outlet group's "
                                                                                    "timeline on its own"),
              narrative: str | None = Query(None, description="only narratives whose label contains this"),
              rate: bool | None = Query(None, description="true: a rise in count; false: in share of the day's "
                                                          "articles; unset: share where the corpus is dense enough"),
              f: Filters = Depends(filters), limit: int = LIMIT, offset: int = OFFSET,
              db: Store = Depends(store)) -> dict[str, Any]:
    """Detected waves (bursts in narratives' daily share of articles), strongest first."""
    def compute() -> dict[str, Any]:
        return paged(_waves(db, stance, level, per_group, narrative, f, rate), limit, offset)

    return cached(request, db, compute)


@router.get("/waves/{wave_id}")
def wave(wave_id: str, stance: str | None = None, level: str = "narrative", per_group: bool = False,
         rate: bool | None = None, f: Filters = Depends(filters), db: Store = Depends(store)) -> dict[str, Any]:
    """One wave, found again with the same options."""
    def compute() -> dict[str, Any]:
        from ..errors import ConfigError

        for item in _waves(db, stance, level, per_group, None, f, rate):
            if item["id"] == wave_id:
                return item
        raise ConfigError("E062", what="wave", value=wave_id, choices="the ids listed by /api/waves with the same options")


    return cached(request, db, compute)

@router.get("/copies")
def copy_clusters(request: Request, kind: str | None = Query(None, description="duplicate or translation"),
                  outlet: str | None = None, limit: int = LIMIT, offset: int = OFFSET,
                  db: Store = Depends(store)) -> dict[str, Any]:
    """Propagation: stories found in several versions (copies, translations), each with its earliest
    version and the later ones with outlet, language and lag in days. Filled by
    ``narrascope corpus copies --update``."""
    from ..corpus.copies_store import clusters

    def compute() -> dict[str, Any]:
        items = clusters(db, kind=kind, outlet=outlet)
        for item in items:  # the dashboard's contract: article_id and day on the origin, the copies as members
            def version(v: dict[str, Any]) -> dict[str, Any]:
                edges = [e for e in item["edges"] if v["id"] in (e["a"], e["b"])]
                best = max(edges, key=lambda e: e["score"]) if edges else None
                return {**v, "article_id": v["id"], "day": (v.get("published") or "")[:10] or None,
                        "kind": best and best["kind"], "score": best and best["score"]}

            item["origin"] = version(item["origin"])
            item["members"] = [version(v) for v in item["copies"]]
        return paged(items, limit, offset)

    return cached(request, db, compute)
