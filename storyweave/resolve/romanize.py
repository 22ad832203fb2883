"""Two standard romanisations of Russian Cyrillic, implemented here so the project owns the rules.

- `bgn_pcgn`: BGN/PCGN 1947, the system of English-language news and atlases ("Lukashenko", "Peskov").
  Е/Ё are written "ye"/"yë" at the start of a word and after a vowel, Й, Ъ or Ь; the soft and hard signs
  become ʹ and ʺ. The optional middle dot (ts·, sh·ch) that BGN/PCGN uses to split rare digraph clashes
  is left out, as news copy does.
- `scholarly`: the scholarly (linguistic) system, which ISO 9:1968 follows closely: one letter, with
  diacritics, per Cyrillic letter ("Lukašenko", "Xruščëv"); х is "x" as in the scholarly tradition.

Both also cover the Ukrainian/Belarusian letters і ї є ґ ў so that a Belarusian spelling does not fall
through untouched. Letters outside Cyrillic are passed through unchanged; capitalisation is kept (an
all-caps Cyrillic word gives an all-caps Latin word).
"""

from __future__ import annotations

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "з": "z", "и": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "ы": "y", "і": "i", "ґ": "g",
}  # fmt: skip

_BGN = {
    **_COMMON,
    "е": "e", "ё": "ë", "ж": "zh", "й": "y", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "ʺ", "ь": "ʹ", "э": "e", "ю": "yu", "я": "ya", "ї": "yi", "є": "ye", "ў": "w",
}  # fmt: skip

_SCHOLARLY = {
    **_COMMON,
    "е": "e", "ё": "ë", "ж": "ž", "й": "j", "х": "x", "ц": "c", "ч": "č", "ш": "š", "щ": "šč",
    "ъ": "ʺ", "ь": "ʹ", "э": "è", "ю": "ju", "я": "ja", "ї": "ji", "є": "je", "ў": "ŭ",
}  # fmt: skip

# After these, BGN/PCGN writes е/ё with a leading "y" (the iotated sound is pronounced).
_IOTATING = set("аеёиоуыэюяйъьіїє")


def _match_case(latin: str, prev_char: str, next_char: str) -> str:
    # A capital inside an all-caps word stays all caps ("ЩУКИН" -> "SHCHUKIN"); a capital followed by
    # lower case becomes title case ("Щукин" -> "Shchukin").
    if next_char.isupper() or (prev_char.isupper() and not next_char.isalpha()):
        return latin.upper()
    return latin[:1].upper() + latin[1:]


def _romanize(text: str, table: dict[str, str], iotate: bool) -> str:
    out: list[str] = []
    prev = ""
    for i, char in enumerate(text):
        lower = char.lower()
        latin = table.get(lower)
        if latin is None:
            out.append(char)
            prev = lower
            continue
        if iotate and lower in "её" and (not prev.isalpha() or prev in _IOTATING):
            latin = "y" + latin
        if char != lower:
            next_char = text[i + 1] if i + 1 < len(text) else ""
            latin = _match_case(latin, text[i - 1] if i else "", next_char)
        out.append(latin)
        prev = lower
    return "".join(out)


def bgn_pcgn(text: str) -> str:
    """Russian Cyrillic in BGN/PCGN romanisation: "Лукашенко" -> "Lukashenko", "Ельцин" -> "Yelʹtsin"."""
    return _romanize(text, _BGN, iotate=True)


def scholarly(text: str) -> str:
    """Russian Cyrillic in scholarly romanisation: "Лукашенко" -> "Lukašenko", "Хрущёв" -> "Xruščëv"."""
    return _romanize(text, _SCHOLARLY, iotate=False)


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)
