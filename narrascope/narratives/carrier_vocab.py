"""Carrier vocabulary: the words a reader uses to tell who carries a narrative and how the author
frames that carrier (:mod:`.carriers`). Stems, matched at word starts, case-blind.

    >>> bool(carrier_patterns("ru")["expert"].search("Эксперты отмечают, что"))
    True

Also the narratives that independent, Kazakh and Western sources carry against the Kremlin-aligned
ones (``COUNTER_SIDE``): a page that analyses a campaign promotes those and reports on the others.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .stance_vocab import word_pattern

# Unchallenged, unnamed authorities a pro-Kremlin piece speaks through.
EXPERT = {
    "en": ["expert", "analyst", "observer", "political scientist", "political analyst", "commentator", "specialist",
           "scholar", "historian", "insider", "sources say", "many believe", "public figure"],
    "ru": ["эксперт", "аналитик", "наблюдател", "политолог", "специалист", "историк", "обозревател",
           "общественн деятел", "источник", "многие считают", "публицист"],
    "uk": ["експерт", "аналітик", "оглядач", "політолог", "спостерігач", "фахів"],
    "kk": ["сарапш", "саясаттанушы", "талдаушы", "маман"],
}
# The author agreeing with the carrier.
ENDORSE = {
    "en": ["rightly", "rightfully", "correctly", "aptly", "justly", "indeed", "of course", "obviously", "clearly",
           "it is noteworthy", "noteworthy", "remind us", "it should be recalled", "undoubtedly", "no wonder",
           "in fact", "it is no secret", "as expected", "evidently"],
    "ru": ["справедливо", "верно", "резонно", "правильно", "действительно", "разумеется", "конечно", "очевидно",
           "примечательно", "напомина", "стоит напомнить", "несомненно", "не секрет", "неудивительно",
           "по сути", "как и следовало ожидать", "явно"],
    "uk": ["справедливо", "слушно", "дійсно", "звісно", "очевидно", "примітно", "нагаду", "не секрет"],
    "kk": ["әрине", "шынында", "анық", "дұрыс айт"],
}
# The author analysing a campaign: naming the carrier as propaganda, an outlet, a narrative.
CAMPAIGN = {
    "en": ["propaganda", "propagandist", "disinformation", "misinformation", "narrative", "campaign",
           "pro-kremlin", "kremlin-backed", "kremlin-controlled", "kremlin-aligned", "state media", "state-controlled",
           "russian media", "russian state media", "russian outlets", "talking point", "information war", "influence operation", "troll", "bot network",
           "telegram channels", "fact-check", "stopfake", "euvsdisinfo", "dfrlab"],
    "ru": ["пропаганд", "дезинформац", "нарратив", "кампани", "прокремлевск", "кремлевск сми", "российск сми",
           "государственн сми", "российск пропаганд", "информационн войн", "вброс", "тролл", "телеграм-канал", "фактчек"],
    "uk": ["пропаганд", "дезінформац", "наратив", "кампані", "прокремлівськ", "російськ змі", "вкид", "фактчек"],
    "kk": ["насихат", "үгіт", "дезинформац", "нарратив", "науқан", "ресей бақ"],
}
# A headline or article of another outlet as the object of the sentence.
MEDIA_OBJECT = {
    "en": ["headline", "titled", "entitled", "under the title", "article", "publication", "wrote", "writes",
           "published", "posted", "piece", "column", "report by", "story", "broadcast", "aired", "claimed"],
    "ru": ["заголов", "под названием", "статья", "статье", "статьи", "публикац", "материал", "пишет", "писал",
           "опубликова", "вышел", "вышла", "сюжет", "колонк", "озаглав", "утвержда"],
    "uk": ["заголов", "під назвою", "статт", "публікац", "матеріал", "пише", "писав", "опублікува", "сюжет"],
    "kk": ["тақырып", "мақала", "жариял", "жазды", "жазады"],
}
# Another side given a say: denials, objections, contrast.
OTHER_SIDE = {
    "en": ["denied", "denies", "rejected", "rejects", "dismissed", "refuted", "responded", "countered", "however",
           "but", "on the other hand", "in response", "disagree", "objected", "pushed back"],
    "ru": ["опроверг", "отверг", "отрица", "возразил", "ответил", "однако", "с другой стороны",
           "в ответ", "не согласе", "парировал"],
    "uk": ["спростув", "відкину", "заперечу", "відповів", "однак", "проте", "з іншого боку"],
    "kk": ["теріске шығар", "жоққа шығар", "алайда", "бірақ", "жауап бер"],
}
# Narratives carried against the Kremlin-aligned ones (the analysts', Kazakh and Western side).
COUNTER_SIDE = frozenset({
    "CA: Russia threatens Kazakhstan", "CA: Kremlin propaganda targets Kazakhstan",
    "CA: Kazakhstan's sovereignty and independent foreign policy", "URW: Overpraising the West",
    "CC: Amplifying Climate Fears",
})
KINDS = ("expert", "endorse", "campaign", "media", "other_side")
_LISTS = {"expert": EXPERT, "endorse": ENDORSE, "campaign": CAMPAIGN, "media": MEDIA_OBJECT, "other_side": OTHER_SIDE}


@lru_cache(maxsize=16)
def carrier_patterns(lang: str) -> dict[str, re.Pattern]:
    """One pattern per carrier cue kind (:data:`KINDS`) for ``lang``; English lists are added to
    the others (English outlet names and loanwords appear in Russian and Kazakh text too)."""
    out = {}
    for kind, lists in _LISTS.items():
        words = list(lists.get(lang, [])) + (list(lists["en"]) if lang != "en" and kind == "campaign" else [])
        out[kind] = word_pattern([w.strip() for w in (words or lists["en"])])
    return out
