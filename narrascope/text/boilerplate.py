"""Boilerplate signals for blocks of plain text (lines, or sentences of one-line texts).

General signals, in every language we read: length, sentence punctuation, function-word
ratio, capitalisation, digits, link- and menu-likeness, position relative to the body, and
repetition (inside the article, and across articles of the same outlet or corpus). A small
multilingual vocabulary of page furniture (subscribe, cookies, comments, tags, share...)
is one more signal, weighted by how short the block is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..article import normalise_for_hash
from .words import STOPWORDS, word_tokens

# Page-furniture vocabulary that is a strong signal wherever it stands in a short block.
STRONG = re.compile(
    r"subscri|newsletter|sign up for|follow us|join us on|donat|support (?:us|our|independent)|become a (?:member|patron)|"
    r"cookie|privacy policy|terms of (?:use|service)|all rights reserved|©|\(c\) 20|copyright|reproduction .{0,30}prohibit|"
    r"ctrl\s*\+\s*enter|found an? (?:error|mistake|typo)|if you (?:find|notice|see) an? (?:error|mistake|typo)|"
    r"\btags?\s*:|disclaimer|original source|read (?:also|more)|see also|related (?:articles|news|stories)|most (?:read|popular)|"
    r"advertis|sponsored|comments? (?:are|is) (?:closed|moderated)|leave a (?:comment|reply)|post(?:ing)? comments|"
    r"rules for (?:publishing|posting)|site administration|block (?:accounts|users)|links to third-party|"
    r"click here|(?:our|news|the) app\b|download (?:the|our) app|stay tuned|"
    r"подпи(?:сывайтесь|саться|шитесь|ска\b|ску\b|сок\b|счик)|рассылк|поддерж(?:ите|ать) (?:нас|редакц|проект)|донат|пожертв|"
    r"файл\w* cookie|куки|конфиденциальн|все права защищены|перепечат|использование материалов|"
    r"ctrl|выделите (?:его|её|ее|текст|фрагмент)|нашли ошибку|заметили ошибку|"
    r"\bтеги\s*:|\bметки\s*:|читайте (?:также|еще|ещё|нас)|смотрите также|по теме:|реклам|"
    r"правила (?:публикации|комментир)|администрация сайта|модерац|уважаемые читатели|"
    r"підпис(?:уйтесь|атися|ка)|підтрима(?:йте|ти) (?:нас|редакц)|читайте також|усі права захищені|"
    r"жазылыңыз|жазылу|барлық құқықтар|оқыңыз|жарнама",
    re.I)
# Words that mark furniture only in very short blocks ("Share", "Comments 12", "Photo: ...").
WEAK = re.compile(
    r"^\W*(?:share|tweet|print|email|e-mail|comments?|reply|like|home|menu|search|login|log in|sign in|register|"
    r"photo|video|audio|listen|play|watch|more|next|previous|back|close|accept|agree|source|tags|"
    r"поделиться|печать|комментари\w*|ответить|главная|меню|поиск|войти|регистрация|фото|видео|аудио|"
    r"слушать|смотреть|ещё|еще|далее|назад|закрыть|принять|источник|теги|поділитися|головна|коментар\w*|"
    r"бөлісу|пікір\w*|басты бет|іздеу)\b",
    re.I)
CREDIT = re.compile(r"^\W*(?:photo|фото|image|picture|illustration|сурет|фото|skrin)\s*[:©]", re.I)
# A credit inside a caption line: "... Photo: DW", "Фото: сайт Кремля", "Photo via YouTube", "Bild: AP".
INLINE_CREDIT = re.compile(r"(?:photo|фото|bild|image|credit|сурет|світлина)\s*(?::|via\b|by\b|©|courtesy\b|from (?:the )?archive|из архива|з архіву)", re.I)
_BYLINE = re.compile(r"^\W*(?:by|author|text|текст|автор\w*|фото и текст|written by)\s*[:\-–—]?\s+\S", re.I)
_TIMESTAMP = re.compile(r"^\W*(?:\d{1,2}:\d\d\s+\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{1,2}[./]\d{1,2}[./]\d{2,4}\s+\d{1,2}:\d\d)\b")
_BULLET = re.compile(r"^\s*[•·▪►●◦‣*]\s*")
_LINKY = re.compile(r"https?://|www\.|@\w", re.I)
_DOMAIN = re.compile(r"\w\.(?:com|ru|kz|ua|org|net|info)\b", re.I)
_MENU_SEP = re.compile(r"\s[|•·»›/]\s|(?<!\s)\s{3,}+\S")
_WEEKDAYS = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|пн|вт|ср|чт|пт|сб|вс|total)$", re.I)
_SENT_END = re.compile(r"[.!?…:;\"»”’)]$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")


@dataclass
class Block:
    """A line (or a sentence of a run-in line) with its raw range and features."""

    start: int
    end: int
    text: str
    line_id: int
    run_in: bool = False
    words: int = 0
    stop_ratio: float = 0.0
    upper_ratio: float = 0.0
    digit_ratio: float = 0.0
    ends_sentence: bool = False
    reasons: list[str] = field(default_factory=list)
    keep: bool = True
    norm: str = ""

    @property
    def strong_body(self) -> bool:
        """Looks like running prose and carries no furniture signal."""
        return (not self.reasons and self.words >= 15 and self.stop_ratio >= 0.12
                and (self.ends_sentence or self.words >= 25))


def features(block: Block) -> Block:
    tokens = word_tokens(block.text)
    block.words = len(tokens)
    if tokens:
        block.stop_ratio = sum(1 for t in tokens if t.lower() in STOPWORDS) / len(tokens)
        block.upper_ratio = sum(1 for t in tokens if t[:1].isupper()) / len(tokens)
        block.digit_ratio = sum(1 for t in tokens if t.isdigit()) / len(tokens)
    block.ends_sentence = bool(_SENT_END.search(block.text))
    block.norm = normalise_for_hash(block.text)
    return block


def intrinsic_reasons(block: Block) -> list[str]:
    """Reasons a block is furniture, judged on the block alone."""
    text, words = block.text, block.words
    reasons = []
    if words == 0:
        return ["no words"]
    # Long blocks only count when they open with furniture ("Disclaimer: ..."): searching
    # them whole would cost time and flag prose that merely mentions a subscription.
    if (STRONG.search(text) if words < 45 else STRONG.match(text)):
        reasons.append("furniture vocabulary")
    if words <= 6 and WEAK.match(text):
        reasons.append("button or widget text")
    if CREDIT.match(text) and words <= 12:
        reasons.append("photo credit")
    elif INLINE_CREDIT.search(text) and words <= 30 and not block.run_in:
        reasons.append("photo caption")
    if _BYLINE.match(text) and words <= 8:
        reasons.append("byline")
    if _TIMESTAMP.match(text) and words < 40:
        reasons.append("timestamped teaser")
    if _BULLET.match(text) and words <= 3 and not block.ends_sentence:
        reasons.append("short list item (menu or share)")
    if words <= 7 and not block.ends_sentence and _is_date_line(text):
        reasons.append("date line")
    if (_LINKY.search(text) and words < 15) or (_DOMAIN.search(text) and words <= 4):
        reasons.append("link-like")
    if _is_calendar(text):
        reasons.append("calendar or number widget")
    if words >= 3 and _MENU_SEP.search(text) and block.stop_ratio < 0.15 and not block.ends_sentence:
        reasons.append("menu-like")
    if words >= 4 and not block.ends_sentence and block.stop_ratio == 0 and block.upper_ratio >= 0.9 and words >= 7:
        reasons.append("menu-like")
    return reasons


def _is_date_line(text: str) -> bool:
    from ..ingest.dates import parse_date  # local: ingest imports text utilities too

    return parse_date(text) is not None


def _is_calendar(text: str) -> bool:
    tokens = text.replace(",", " ").split()
    if not tokens:
        return False
    numeric = sum(1 for t in tokens if t.strip("\"'").isdigit() or _WEEKDAYS.match(t))
    if numeric / len(tokens) >= 0.6:
        return True
    return bool(re.fullmatch(r"[\d\s]{5,}", text))


_NAME_TOKEN = re.compile(r"^[A-ZА-ЯЁІЇЄҚҒҮҰӘӨҺ][^\W\d_]+(?:[-'’][^\W\d_]+)?\.?$")


def is_name_line(block: Block) -> bool:
    """'Frederick Smith': a bare byline."""
    tokens = block.text.split()
    return 2 <= len(tokens) <= 3 and all(_NAME_TOKEN.match(t) for t in tokens) and block.stop_ratio == 0


def is_teaser(block: Block, others: list[Block]) -> bool:
    """'Kazakh police officers, who fled ... want to raise their...': a truncated repeat."""
    if not _ELLIPSIS.search(block.text):
        return False
    stem = _ELLIPSIS.sub("", block.norm).strip()
    words = stem.split()
    if len(words) < 4:
        return True
    probe = " ".join(words[:5])
    return any(o is not block and o.norm.startswith(probe) for o in others) or block.words < 30


def is_title_repeat(block: Block, title_norm: str | None) -> bool:
    if not title_norm or block.words > 40:
        return False
    norm = re.sub(r"[\W_]+", " ", block.norm).strip()
    if not norm:
        return False
    # The headline itself, a truncated copy, or the headline with a few words added - but not a
    # lead sentence that happens to open with the headline's words.
    close = len(norm) <= len(title_norm) * 1.3
    return norm == title_norm or (len(norm) > 20 and (title_norm.startswith(norm) or (close and norm.startswith(title_norm))))


def norm_title(title: str | None) -> str | None:
    if not title:
        return None
    return re.sub(r"[\W_]+", " ", normalise_for_hash(title)).strip() or None
