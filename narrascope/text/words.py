"""Word tokens and function words for en, ru, uk and kk (used as signals, not for meaning)."""
from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

_EN = """a an the and or but if then of to in on at by for with from as is are was were be been being it its
this that these those he she they we you i his her their our your not no so than too very can could will would
shall should may might must do does did has have had there here which who whom whose what when where why how
all any both each few more most other some such only own same just also into over after before under again
about against between through during out up down off because while until he's it's that's one said says""".split()
_RU = """и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот
от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам
ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз
тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее
сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про
всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более
всегда конечно всю между это как также который которые которая которых является заявил сообщил""".split()
_UK = """і й та в у на з із зі до що не як це він вона вони ми ви його її їх але а або чи від для по при про за
через над під між також вже ще було був була були бути є буде які який яка яке що щоб коли де тому так лише
саме цей ця ці цього цієї тих""".split()
_KK = """және мен бен пен да де та те бұл ол сол осы үшін деп еді екен болып болды болады бар жоқ мен сен біз сіз
олар оның оны оған қазір тағы ғана емес дейін кейін арқылы туралы сияқты бірақ немесе әрі""".split()

STOPWORDS = frozenset(_EN + _RU + _UK + _KK)


def word_tokens(text: str) -> list[str]:
    return WORD.findall(text)
