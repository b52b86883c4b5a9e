r"""Text typed with the wrong keyboard layout (ЙЦУКЕН <-> QWERTY).

`pfgbcm` is «запись» typed with the English layout on; `ьшскщзрщту` is
"microphone" typed with the Russian one. The maps cover the letter keys and
the punctuation keys that carry Russian letters (`[ ] ; ' , . \``).
"""

from __future__ import annotations

QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`" + 'QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>~'
JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюё" + "ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ"

_TO_RU = str.maketrans(QWERTY, JCUKEN)
_TO_EN = str.maketrans(JCUKEN, QWERTY)
# Keys whose Latin side is punctuation: in a word typed on the wrong layout
# they stand for letters (х ъ ж э б ю ё), so they belong to the word.
LAYOUT_PUNCTUATION = set("[];',.`{}:\"<>~")


def to_russian_layout(text: str) -> str:
    """Reinterpret keys typed on QWERTY as the ЙЦУКЕН letters on the same keys."""
    return text.translate(_TO_RU)


def to_english_layout(text: str) -> str:
    """Reinterpret keys typed on ЙЦУКЕН as the QWERTY letters on the same keys."""
    return text.translate(_TO_EN)


def switch_layout(text: str) -> str | None:
    """The text as it was meant, if it is all one script; else None.

    A query mixing Latin and Cyrillic letters is not a layout slip.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    latin = sum(ch.isascii() for ch in letters)
    if latin == len(letters):
        return to_russian_layout(text)
    if latin == 0:
        return to_english_layout(text)
    return None
