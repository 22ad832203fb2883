"""Time entity resolution on a synthetic 200-article story: `python benchmarks/resolve.py [N]`.

Each article mentions 40 names drawn from 120 people (with respellings, lone surnames, Cyrillic forms
and acronyms), so the stage sees about 8,000 mentions, the size of a large real story. Timings on a
shared 2-core machine are provisional.
"""

from __future__ import annotations

import random
import sys
import time

from storyweave.model import Article, Mention
from storyweave.resolve import resolve_entities

_SYLLABLES = "ka lo mi sha ren dor vin ta ze gor bek nur pa li sev an mar tu ol ev".split()
_CYR = dict(zip("abdegiklmnoprstuvz", "абдегиклмнопрстувз", strict=True))


def _people(rng: random.Random, n: int) -> list[tuple[str, str]]:
    people = []
    for _ in range(n):
        given = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
        surname = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
        people.append((given, surname))
    return people


def _cyrillic(word: str) -> str:
    return "".join(_CYR.get(c, c) for c in word.lower().replace("sh", "ш")).capitalize()


def story(articles: int = 200, seed: int = 0) -> list[Article]:
    rng = random.Random(seed)
    people = _people(rng, 120)
    out = []
    for a in range(articles):
        text, mentions = "", []
        for _ in range(40):
            given, surname = rng.choice(people)
            form = rng.random()
            if form < 0.5:
                name = f"{given} {surname}"
            elif form < 0.75:
                name = surname
            elif form < 0.9:
                name = f"{given} {surname[:-1]}{'a' if surname[-1] != 'a' else 'o'}"
            else:
                name = _cyrillic(surname)
            start = len(text)
            text += f"{name} said something. "
            mentions.append(Mention(start, start + len(name), name, "PERSON"))
        start = len(text)
        text += "The CSTO met. "
        mentions.append(Mention(start + 4, start + 8, "CSTO", "ORG"))
        out.append(Article(id=f"a{a}", text=text, mentions=mentions))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    articles = story(n)
    mentions = sum(len(a.mentions) for a in articles)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        entities = resolve_entities(articles)
        runs.append(time.perf_counter() - started)
    print(f"{n} articles, {mentions} mentions -> {len(entities)} entities; best of 3: {min(runs):.3f} s")


if __name__ == "__main__":
    main()
