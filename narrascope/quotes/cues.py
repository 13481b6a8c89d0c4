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
    r"feared|fears|suggest(?:s|ed)?|interpreted|ascertained|pointed out|points out|hailed|hails|touted|touting|"
    r"reassured|assured|assures|expressed|asked|asks|emphasizing|emphasising|stressing|concluded|alleged|alleges|"
    r"complained|mentioned|informed|explaining|doubt|do not doubt|does not doubt|insisting|stating|arguing|threatening|threatened|warning|"
    r"заявивш\w*|сообщивш\w*|отметив(?:ш\w*)?|подчеркнув(?:ш\w*)?|утвержда(?:я|ющ\w*)|указа(?:л|ла|ли)|"
    r"указыва(?:ет|ют)|дал(?:а|и)? понять|недоумева(?:ет|ют)|выдвину(?:л|ла|ли)|предположи(?:л|ла|ли)|"
    r"убежд[её]н(?:а|ы)?|уверя(?:ет|ют)|обрати(?:л|ла|ли) внимание|прогнозиру(?:ет|ют)|спрогнозирова(?:л|ла|ли)|"
    r"говорится|требова(?:л|ла|ли)|добавив|пояснив|напомнив|уточнив|"
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
    r"as (?:stated|reported|noted|written|explained|said|announced) (?:on|in|by)|"
    r"по (?:его |её |ее |их )?(?:словам|мнению|оценке|убеждению)|со слов|по оценке|по данным|по информации|по сообщению|по утверждению|"
    r"как (?:уже |ранее )?(?:заяви|сказа|отмети|"
    r"отмеча|сообщи|сообща|пиш|писа|рассказ|счита|полага|подчеркну|подчеркива|поясни|напомина|напомни)\w*|"
    r"за словами|на думку|на переконання)(?:\s+|(?<=[а-яё]) ?(?=,))",
    re.I)
# "in his opinion", "in the analyst's opinion": the speaker is named inside the phrase.
POSSESSIVE_OPINION = re.compile(r"\bin (?P<who>(?:his|her|their|the [\w\-]+(?:’s|'s)|[A-Z][\w\-]+(?:’s|'s)))\s+"
                                r"(?:opinion|view|words)\b", re.I)

# Unnamed groups: the speaker is anonymous, never a guess.
ANONYMOUS = re.compile(
    r"\b(?:experts?|observers?|analysts|sources?|a source|interlocutors?|critics|commentators|witnesses|"
    r"residents|users|bloggers|some|many|others|people|insiders|officials|(?:media )?reports|media|"
    r"official information|observers|pundits|police|politicians|specialists|scientists|researchers|"
    r"journalists|the public|activists|eyewitnesses|locals|participants|"
    r"эксперт(?:ы|ов)|наблюдател(?:и|ей)|аналитик(?:и|ов)|источник(?:и|ов)?|собеседник\w*|политолог(?:и|ов)|"
    r"пользовател(?:и|ей)|очевидц(?:ы|ев)|жител(?:и|ей)|многие|некоторые|эксперти|спостерігачі|"
    r"специалист(?:ы|ов)|журналист(?:ы|ов)|участник(?:и|ов)|СМИ|полиция|некие|кто-то|те, кто)\b",
    re.I)
# Singular descriptors and pronouns: the speaker is an entity named earlier in the text.
DESCRIPTOR = re.compile(
    r"\b(?:he|she|his|her|его|её|ее|их|the (?:[\w\-]+ )?(?:expert|analyst|politician|political scientist|leader|head|minister|deputy|official|"
    r"president|spokesman|spokeswoman|spokesperson|ambassador|diplomat|senator|chairman|chairwoman|"
    r"governor|mayor|akim|author|journalist|blogger|activist|lawyer|professor|general|specialist|scientist|"
    r"year-old|counterpart|host|presenter|poet|writer|diplomat)|"
    r"он|она|(?:эксперт|аналитик|политолог|глав|лидер|министр|депутат|спикер|представител|посол|дипломат|"
    r"председател|губернатор|аким|автор|журналист|блогер|активист|президент|премьер)\w*)\b",
    re.I)
ORG_DESCRIPTOR = re.compile(
    r"\b(?:the (?:[\w\-]+ )?(?:ministry|agency|department|police|publication|newspaper|outlet|channel|website|company|"
    r"message|statement|press release|"
    r"embassy|government|court|committee|office|service|party|organi[sz]ation|foundation|portal)|"
    r"(?:министерств|ведомств|агентств|издани|газет|канал|сайт|компани|посольств|правительств|суд|"
    r"полици|пресс-служб|парти)\w*)\b",
    re.I)

# A sentence that attributes the sentence before it: "This was stated by X", "RBC writes about it",
# "Об этом заявил X", "Такое мнение высказали эксперты".
PREVIOUS_EN = re.compile(
    r"^\W*(?:this|that|it|such (?:an? )?(?:opinion|view|assessment|statement|position))\s+(?:was|were|has been|had been)\s+"
    r"(?:[\w\-]+\s+)?(?:stated|said|reported|announced|expressed|noted|written|voiced|claimed|declared)\s+by\b", re.I)
PREVIOUS_EN_AFTER = re.compile(r"\b(?:writes|wrote|reports|reported|said|says|informs)\s+(?:about\s+)?(?:it|this)\W*$", re.I)
PREVIOUS_RU = re.compile(
    r"^\W*(?:об этом|о чем|о чём|такое мнение|такую позицию|такую точку зрения|такой вывод|такую оценку|"
    r"с таким заявлением|с такими словами|это)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:заяви|сообщи|сообща|пиш|написа|рассказа|говори|отмети|высказа|выразил|выступи|поделил|"
    r"пришл|пришел|пришёл|подчеркну|информиру|цитиру|приводит)\w*", re.I)
# "called for X", "called on the military to X": the call is reported speech.
CALL = re.compile(r"\b(?:call(?:ed|s|ing)?|urg(?:ed|es|ing)) (?:for|on)\b|\bпризва(?:л|ла|ли) к\b", re.I)
# "As X explained to The Insider, CONTENT": the speaker sits between "as" and the verb.
AS_SAID = re.compile(r"\b[Aa]s\s+(?P<who>[^,.;:]{2,100}?)\s+(?:has |had |have )?(?:explained|said|noted|wrote|stated|"
                     r"reported|put it|told|pointed out|argued|emphasi[sz]ed|stressed|observed|remarked|warned|"
                     r"recalled|claimed|believes|says|notes|writes|reports)\b[^,.;]{0,60},")
# Where reported content stops because another attribution starts: ", saying ...", "and said ...".
NEXT_CUE = re.compile(r",?\s+(?:and\s+)?(?:saying|noting|adding|stressing|warning|arguing|insisting|explaining|"
                      r"threatening|emphasi[sz]ing|отметив|добавив|подчеркнув|заявив|пояснив|уточнив|напомнив)\b|"
                      r"\s+(?:and|but)\s+(?:also\s+)?(?:said|says|say|stated|noted|added|called|urged|warned)\b")
