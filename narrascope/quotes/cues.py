"""Attribution cues: the verbs and phrases that introduce reported speech, and the words that
mark an unnamed or generic speaker. English and Russian in full, Ukrainian and Kazakh basics."""
from __future__ import annotations

import re

# "X said (that) ...", "..., said X", "..., X said."
VERB = re.compile(
    r"\b(?:said|says|say|stated|states|told|tells|noted|notes|added|adds|explained|explains|believes|believe|"
    r"considers|consider|predicts|predicted|claimed|claims|argued|argues|warned|warns|emphasi[sz]ed|"
    r"emphasi[sz]es|stressed|stresses|wrote|writes|posted|announced|announces|reported|reports|declared|"
    r"insisted|clarified|confirmed|recalled|asserted|thinks|think|commented|suggested|remarked|"
    r"remind(?:s|ed)? us|was quoted as saying|cites|cited|saying|telling|noting|adding|calling|called|praised|"
    r"described|convinced|accused|urged|promised|vowed|pledged|welcomed|critici[sz]ed|condemned|denied|"
    r"dismissed|labell?ed|branded|insists|admitted|acknowledged|"
    r"назва(?:л|ла|ли)|призва(?:л|ла|ли)|обвини(?:л|ла|ли)|пообеща(?:л|ла|ли)|осуди(?:л|ла|ли)|"
    r"раскритикова(?:л|ла|ли)|похвали(?:л|ла|ли)|"
    r"заяви(?:л|ла|ли)|сказа(?:л|ла|ли)|отмети(?:л|ла|ли)|отмеча(?:ет|ют)|сообщи(?:л|ла|ли|ло)|сообща(?:ет|ют)|"
    r"подчеркну(?:л|ла|ли)|подчеркива(?:ет|ют)|поясни(?:л|ла|ли)|добави(?:л|ла|ли)|счита(?:ет|ют)|"
    r"полага(?:ет|ют)|написа(?:л|ла|ли)|пиш(?:ет|ут)|рассказа(?:л|ла|ли)|напомни(?:л|ла|ли)|"
    r"напомина(?:ет|ют)|утвержда(?:ет|ют|л|ла|ли)|говор(?:ит|ят|ил|ила|или)|призна(?:л|ла|ли)|"
    r"предупреди(?:л|ла|ли)|объяви(?:л|ла|ли|ло)|уточни(?:л|ла|ли|ло)|прокомментирова(?:л|ла|ли)|"
    r"цитиру(?:ет|ют)|уверен(?:а|ы)?|выразил(?:а|и)?|высказал(?:а|и|ся|ась)?|ответил(?:а|и)?|спросил(?:а|и)?|"
    r"констатирова(?:л|ла|ли)|резюмирова(?:л|ла|ли)|добавля(?:ет|ют)|продолжи(?:л|ла|ли)|"
    r"заяви(?:в|ла|ли)|сказа(?:в|ла|ли)|зазначи(?:в|ла|ли)|повідоми(?:в|ла|ли)|наголоси(?:в|ла|ли)|"
    r"деді|мәлімдеді|хабарлады|айтты|атап өтті)\b")  # case-sensitive: "United States" is no verb

# "according to X, ...", "in the opinion of X, ...", "по словам X, ..."
PREPOSITION = re.compile(
    r"\b(?:according to|in the opinion of|in opinion of|in the view of|in the words of|"
    r"по словам|по мнению|со слов|по оценке|по данным|по информации|как (?:уже |ранее )?(?:заяви|сказа|отмети|"
    r"отмеча|сообщи|сообща|пиш|писа|рассказ|счита|полага|подчеркну|подчеркива|поясни|напомина|напомни)\w*|"
    r"за словами|на думку|на переконання)\s+",
    re.I)
# "in his opinion", "in the analyst's opinion": the speaker is named inside the phrase.
POSSESSIVE_OPINION = re.compile(r"\bin (?P<who>(?:his|her|their|the [\w\-]+(?:’s|'s)|[A-Z][\w\-]+(?:’s|'s)))\s+"
                                r"(?:opinion|view|words)\b", re.I)

# Unnamed groups: the speaker is anonymous, never a guess.
ANONYMOUS = re.compile(
    r"\b(?:experts?|observers?|analysts|sources?|a source|interlocutors?|critics|commentators|witnesses|"
    r"residents|users|bloggers|some|many|others|people|insiders|officials|(?:media )?reports|media|"
    r"official information|observers|"
    r"эксперт(?:ы|ов)|наблюдател(?:и|ей)|аналитик(?:и|ов)|источник(?:и|ов)?|собеседник\w*|политолог(?:и|ов)|"
    r"пользовател(?:и|ей)|очевидц(?:ы|ев)|жител(?:и|ей)|многие|некоторые|эксперти|спостерігачі)\b",
    re.I)
# Singular descriptors and pronouns: the speaker is an entity named earlier in the text.
DESCRIPTOR = re.compile(
    r"\b(?:he|she|his|her|его|её|ее|их|the (?:expert|analyst|politician|political scientist|leader|head|minister|deputy|official|"
    r"president|spokesman|spokeswoman|spokesperson|ambassador|diplomat|senator|chairman|chairwoman|"
    r"governor|mayor|akim|author|journalist|blogger|activist|lawyer|professor|general)|"
    r"он|она|(?:эксперт|аналитик|политолог|глав|лидер|министр|депутат|спикер|представител|посол|дипломат|"
    r"председател|губернатор|аким|автор|журналист|блогер|активист|президент|премьер)\w*)\b",
    re.I)
ORG_DESCRIPTOR = re.compile(
    r"\b(?:the (?:[\w\-]+ )?(?:ministry|agency|department|police|publication|newspaper|outlet|channel|website|company|"
    r"embassy|government|court|committee|office|service|party|organi[sz]ation|foundation|portal)|"
    r"(?:министерств|ведомств|агентств|издани|газет|канал|сайт|компани|посольств|правительств|суд|"
    r"полици|пресс-служб|парти)\w*)\b",
    re.I)
