"""Name normalisation: any script to a Latin form, tokens, and a phonetic key per token.

Three layers, each lossier than the one before:
- `to_latin`: one Latin spelling of a name in any script. Cyrillic goes through the project's BGN/PCGN
  romanisation (news spelling: "Лукашенко" -> "Lukashenko"); every other script through anyascii
  (Greek, Arabic, CJK...). Cyrillic look-alike letters inside an otherwise Latin word ("Рutin" with a
  Cyrillic Р) are read as the Latin letters they imitate.
- `name_tokens`: the lower-case ASCII words of a name, honorifics and a possessive "'s" removed.
- `phonetic_key`: a token reduced so that different romanisations of one pronunciation meet
  ("Lukashenka"/"Lukashenko" differ by one vowel; "Toqaev"/"Tokayev" -> "tokaev"; "Pashinian" /
  "Pashinyan" -> "pasinian"). Rules are ordered rewrites over letter groups, written for the spellings
  of names in news copy (English, German, French, Slavic, Turkic conventions), not for general text.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from storyweave.resolve.romanize import bgn_pcgn

# Cyrillic letters that look like Latin ones; only used inside words that also hold Latin letters.
_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТУХаеорсуххіјѕ",
    "ABEKMHOPCTYXaeopcyxxijs",
)

# Letters with diacritics whose plain anyascii form would lose a sound that romanisations keep apart.
_DIACRITICS = str.maketrans(
    {
        "š": "sh", "ś": "sh", "ş": "sh", "ž": "zh", "ź": "zh", "ż": "zh", "č": "ch", "ć": "ch", "ç": "s",
        "ł": "l", "ß": "ss", "ø": "o", "æ": "e", "œ": "e", "ä": "e", "ö": "e", "ü": "u", "ë": "e",
        "è": "e", "ŭ": "u", "ı": "i", "ğ": "g", "ñ": "ny", "ʹ": "y", "ʺ": "y", "'": "", "’": "", "ʼ": "",
        "ə": "a", "ҫ": "s",
    }
)  # fmt: skip

HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady sen rep gov gen col lt sgt capt cmdr adm rev fr st "
    "messrs mme mlle herr frau hon sheikh".split()
)

SUFFIXES = frozenset("jr sr ii iii iv corp inc ltd llc plc co gmbh ag sa".split())

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")

_VOWELS = "aeiou"
# Ordered rewrites from spellings to a reduced sound alphabet. Upper-case letters stand for single
# sounds written with two Latin letters: C = "ch" (ч), S = "sh" (ш/щ), Z = "zh"/"dzh" (ж/дж), and J is
# the glide й ("y" before a vowel, Slavic and German "j").
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"shch|sch|szcz|sh|sz(?=[aeiou])|ch(?=[tv])", "S"),
        (r"tsch|tch|cz|ch|tsh", "C"),
        (r"y+", "y"),
        (r"dzh|dzs|dg(?=[eiy])|zh|zs", "Z"),
        (r"j", "J"),
        (r"kh|gh(?=[aeiou])", "h"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"gh", "g"),
        (r"ck|q|c(?![eiy])", "k"),
        (r"c", "s"),
        (r"x", "ks"),
        (r"w", "v"),
        (r"tz|ts|z(?=$)", "ts"),
        (r"y(?=[aeiou])", "J"),
        (r"y", "i"),
        # A glide between vowels is written by some romanisations and not others ("Tokayev"/"Toqaev",
        # "Pashinyan"/"Pashinian"), so it carries no evidence either way.
        (r"(?<=[aeiou])J(?=[aeiou])", ""),
        # After a consonant the glide is a soft "i" ("Pashinyan"/"Pashinian", "Yuryevich"/"Jurʹjevič"),
        # and a word-final "ij"/"iy" is one vowel ("Dmitrij"/"Dmitry").
        (r"(?<=[b-df-hk-np-tv-zCSZ])J", "i"),
        (r"iJ(?=[aeiou]|$)", "i"),
        (r"J(?![aeiou])", "i"),
        # Word-initial е is "ye" in BGN/PCGN and "e" elsewhere ("Yevgeny"/"Evgeny").
        (r"^J(?=e)", ""),
        (r"ou|oo", "u"),
        (r"ee|ea", "i"),
        (r"(?<=[aeiou])h(?![aeiou])", ""),
        (r"(.)\1+", r"\1"),
    )
)


def _fold_homoglyphs(word: str) -> str:
    has_latin = any("a" <= c.lower() <= "z" for c in word)
    has_cyrillic = any("\u0400" <= c <= "\u04ff" for c in word)
    return word.translate(_HOMOGLYPHS) if has_latin and has_cyrillic else word


def to_latin(text: str) -> str:
    """A Latin spelling of `text`, keeping case and spacing; idempotent on plain ASCII."""
    text = unicodedata.normalize("NFC", text)
    words = [_fold_homoglyphs(w) for w in text.split(" ")]
    out = []
    for word in words:
        if any("\u0400" <= c <= "\u04ff" for c in word):
            word = bgn_pcgn(word)
        out.append(anyascii(word.translate(_DIACRITICS)))
    return " ".join(out)


def name_tokens(text: str) -> list[str]:
    """Lower-case ASCII words of a name: "Dr. Syarhey Aleynyk's" -> ["syarhey", "aleynyk"]."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text))
    tokens: list[str] = []
    for word in words:
        word = _POSSESSIVE.sub("", word)
        for part in re.split(r"[-'’]", word):
            latin = re.sub(r"[^a-z]", "", to_latin(part).lower())
            if latin:
                tokens.append(latin)
    while tokens and tokens[0] in HONORIFICS and len(tokens) > 1:
        tokens.pop(0)
    # "W. Mark Felt Sr." is Felt; "Microsoft Corp." is Microsoft.
    while len(tokens) > 1 and tokens[-1] in SUFFIXES:
        tokens.pop()
    return tokens


def phonetic_key(token: str) -> str:
    """A lower-case Latin token reduced to its sound skeleton: "tokayev" and "toqaev" -> "tokaev"."""
    key = token
    for pattern, repl in _REWRITES:
        key = pattern.sub(repl, key)
    return key


def phonetic_keys(token: str) -> tuple[str, ...]:
    """The key of `token`, then, where it holds "c" or "x", its key read as a scholarly romanisation
    of Cyrillic (c = ц, x = х: "Cygankov" = "Tsygankov"), which the English reading gets wrong."""
    key = phonetic_key(token)
    if "c" not in token and "x" not in token:
        return (key,)
    scholarly = phonetic_key(re.sub(r"c(?!h)", "ts", token).replace("x", "kh"))
    return (key,) if scholarly == key else (key, scholarly)


def skeleton(key: str) -> str:
    """A phonetic key with every vowel run made one "a": what is left when vowels are not trusted."""
    return re.sub(r"[aeiou]+", "a", key)


def acronym(tokens: list[str]) -> str:
    """Initials of the content words: ["collective", "security", "treaty", "organization"] -> "csto"."""
    return "".join(t[0] for t in tokens if t not in _FUNCTION_WORDS)


_FUNCTION_WORDS = frozenset("of the and for in on at to de des du la le von van der den al el y".split())


def is_acronym(text: str) -> bool:
    """An all-caps short form like "CSTO", "U.S.", "NATO" (two to eight capitals, optional dots)."""
    letters = text.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()
