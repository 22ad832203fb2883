"""The resolution stage: one story's mentions grouped into entities with stable ids, names and aliases.

Mentions are grouped in four passes, each more cautious than the last:
1. identical keys: the same name in any script, case or diacritics ("Лукашенко", "LUKASHENKO");
2. full forms that are spellings of one name: persons when their surnames are alike and their given
   names allow one person ("Alyaksandr Lukashenka" / "Aleksandr Lukashenko", but never "Sadyr Japarov"
   / "Akylbek Japarov"); organisations and places when the whole names are alike;
3. acronyms to the one full form whose initials they spell (CSTO -> Collective Security Treaty
   Organization);
4. short forms: a lone surname joins the one person whose surname it matches; a title-only phrase ("the
   president") joins the one entity described with that role. When more than one fits, the mention is
   left without an entity: a wrong link is worse than none.

When one person name is in Cyrillic and the other in Latin script ("Лукашенко" / "Lukashenka"), passes 2
and 4 compare the surnames (and, failing the key rule, the first given names) with the learned
transducer of `translit.py` instead of the phonetic keys: `CrossScript` merges them when log p(cyrillic |
latin) per letter reaches `TRANSLIT_THRESHOLD`. Keys still find the candidates (`candidate_floor`) and
identical keys still merge in pass 1.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from storyweave.model import Article, Descriptor, Entity
from storyweave.resolve.descriptors import ROLE_NOUNS, descriptor_targets, head_noun
from storyweave.resolve.match import (
    NameForm,
    acronym_of,
    givens_compatible,
    key_similarity,
    name_similarity,
    person_similarity,
)
from storyweave.resolve.settings import ResolveSettings
from storyweave.resolve.translit import CrossScript, TranslitModel, load_model

# The shipped default of `ResolveSettings.translit_threshold` (how it was chosen: its comment there).
TRANSLIT_THRESHOLD = ResolveSettings().translit_threshold

_GROUPS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


def type_group(label: str) -> str:
    return _GROUPS.get(label, label)


@dataclass(slots=True)
class _Node:
    """All mentions sharing one key: the unit the passes merge."""

    form: NameForm
    labels: Counter[str] = field(default_factory=Counter)
    texts: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    # Words of the descriptors attached to this name anywhere in the story ("belarusian", "minister").
    context: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return self.labels.most_common(1)[0][0]

    @property
    def group(self) -> str:
        return type_group(self.label)

    @property
    def full(self) -> bool:
        return len(self.form.keys) > 1


class _Clusters:
    """Union-find over nodes that refuses merges putting two different given names together."""

    def __init__(self, nodes: list[_Node], given_threshold: float) -> None:
        self.parent = list(range(len(nodes)))
        self.given: list[set[tuple[str, ...]]] = [
            {n.form.keys[:-1]} if n.full and n.group == "PERSON" else set() for n in nodes
        ]
        self.given_threshold = given_threshold
        # Given-name pairs that context showed to be one person's ("Syarhey"/"Sergei").
        self.allowed: set[frozenset[tuple[str, ...]]] = set()

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_merge(self, a: int, b: int) -> bool:
        ga, gb = self.given[self.find(a)], self.given[self.find(b)]
        return all(
            frozenset((x, y)) in self.allowed or givens_compatible(x, y, self.given_threshold)
            for x in ga
            for y in gb
        )

    def merge(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not self.can_merge(ra, rb):
            return False
        self.parent[rb] = ra
        self.given[ra] |= self.given[rb]
        return True


def resolve_entities(
    articles: Sequence[Article],
    settings: ResolveSettings | None = None,
    translit: TranslitModel | None = None,
) -> list[Entity]:
    """Group the story's mentions into entities; sets `Mention.entity_id` and returns the entities.

    `translit` compares Cyrillic with Latin names; by default the shipped model (`translit.load_model`,
    read once per process)."""
    settings = settings or ResolveSettings()
    cross = cross_script(settings, translit)
    nodes = _collect(articles, settings)
    clusters = _Clusters(nodes, settings.given_threshold)
    _merge_full_forms(nodes, clusters, settings, cross)
    _merge_acronyms(nodes, clusters)
    _merge_partial_names(nodes, clusters)
    ambiguous = _merge_short_forms(nodes, clusters, settings, cross)
    entities = _build(articles, nodes, clusters, ambiguous)
    _attach_descriptors_and_titles(articles, entities)
    return entities


def translit_threshold(settings: ResolveSettings) -> float:
    return settings.translit_threshold


def cross_script(settings: ResolveSettings, translit: TranslitModel | None = None) -> CrossScript:
    """The cross-script comparer resolution uses: `translit` (default the shipped model) at the threshold."""
    return CrossScript(translit if translit is not None else load_model(), translit_threshold(settings))


def key_gate(a: str, b: str, floor: float) -> bool:
    """Whether two keys are alike enough to be compared at all (what `_candidate_pairs` keeps)."""
    return Levenshtein.normalized_similarity(a, b) >= floor


def cross_script_same(cross: CrossScript, a: NameForm, b: NameForm, settings: ResolveSettings) -> bool:
    """Pass 2's decision for a Cyrillic and a Latin person name: surnames first, then given names (by
    key, as for any names, or failing that by the transducer)."""
    if not key_gate(a.keys[-1], b.keys[-1], settings.candidate_floor):
        return False
    if not cross.same_surname(a.text, b.text):
        return False
    return givens_compatible(a.keys[:-1], b.keys[:-1], settings.given_threshold) or cross.same_given(
        a.text, b.text
    )


def _collect(articles: Sequence[Article], settings: ResolveSettings) -> list[_Node]:
    forms: dict[str, NameForm] = {}
    nodes: list[_Node] = []
    node_of_key: dict[str, int] = {}
    for a, article in enumerate(articles):
        named = [i for i, x in enumerate(article.mentions) if x.label in settings.labels]
        described = _descriptor_words(article, named)
        for m, mention in enumerate(article.mentions):
            mention.entity_id = None
            if mention.label not in settings.labels:
                continue
            form = forms.get(mention.text)
            if form is None:
                form = forms[mention.text] = NameForm.of(mention.text)
            if not form.keys:
                continue
            # Acronyms keep their letters apart from a same-sounding word ("US" the country, "us").
            key = ("#" if form.is_acronym else "") + form.key
            index = node_of_key.get(key)
            if index is None:
                index = node_of_key[key] = len(nodes)
                nodes.append(_Node(form))
            node = nodes[index]
            node.labels[mention.label] += 1
            node.texts[" ".join(mention.text.split())] += 1
            node.mentions.append((a, m))
            node.context |= described.get(m, set())
    return nodes


def _descriptor_words(article: Article, named: list[int]) -> dict[int, set[str]]:
    words: dict[int, set[str]] = {}
    for d, target in descriptor_targets(article.text, article.mentions, named).items():
        words.setdefault(target, set()).update(w.casefold() for w in article.mentions[d].text.split())
    return words


def _same_role(a: _Node, b: _Node) -> bool:
    """Both names described with the same role and one more shared word ("Belarusian Foreign Minister")."""
    shared = a.context & b.context
    return any(w in ROLE_NOUNS for w in shared) and len(shared) >= 2


def _candidate_pairs(keys: list[str], floor: float) -> list[tuple[int, int]]:
    """Index pairs whose keys are at least `floor` alike, found in one vectorised pass."""
    if len(keys) < 2:
        return []
    scores = process.cdist(keys, keys, scorer=Levenshtein.normalized_similarity, dtype=np.float32, workers=1)
    rows, cols = np.nonzero(np.triu(scores >= floor, k=1))
    order = np.argsort(-scores[rows, cols], kind="stable")
    return [(int(rows[k]), int(cols[k])) for k in order]


def _merge_full_forms(
    nodes: list[_Node], clusters: _Clusters, settings: ResolveSettings, cross: CrossScript
) -> None:
    persons = [i for i, n in enumerate(nodes) if n.group == "PERSON" and n.full]
    surnames = [nodes[i].form.keys[-1] for i in persons]
    candidates = _candidate_pairs(surnames, settings.candidate_floor)
    crossed = [cross.crossed(nodes[persons[x]].form.text, nodes[persons[y]].form.text) for x, y in candidates]
    cross.prime(
        p
        for (x, y), c in zip(candidates, crossed, strict=True)
        if c
        for p in cross.word_pairs(nodes[persons[x]].form.text, nodes[persons[y]].form.text, given=True)
    )
    for (x, y), is_crossed in zip(candidates, crossed, strict=True):
        a, b = nodes[persons[x]], nodes[persons[y]]
        if is_crossed:
            # The transducer, not the keys, decides between scripts (`cross_script_same`); the
            # same-role rule below still applies.
            if cross_script_same(cross, a.form, b.form, settings) or _context_match(a, b, settings):
                clusters.allowed.add(frozenset((a.form.keys[:-1], b.form.keys[:-1])))
                clusters.merge(persons[x], persons[y])
        elif person_similarity(a.form, b.form, settings.given_threshold) >= settings.surname_threshold:
            clusters.merge(persons[x], persons[y])
        elif _context_match(a, b, settings):
            # Given names that only a transliteration apart ("Syarhey"/"Sergei", Belarusian/Russian)
            # join when the surnames agree and the story describes both with the same role.
            clusters.allowed.add(frozenset((a.form.keys[:-1], b.form.keys[:-1])))
            clusters.merge(persons[x], persons[y])
    others = [i for i, n in enumerate(nodes) if n.group != "PERSON" and not n.form.is_acronym]
    by_group: dict[str, list[int]] = {}
    for i in others:
        by_group.setdefault(nodes[i].group, []).append(i)
    for members in by_group.values():
        keys = ["".join(nodes[i].form.keys) for i in members]
        for x, y in _candidate_pairs(keys, settings.candidate_floor):
            if name_similarity(nodes[members[x]].form, nodes[members[y]].form) >= settings.name_threshold:
                clusters.merge(members[x], members[y])


def _context_match(a: _Node, b: _Node, settings: ResolveSettings) -> bool:
    fa, fb = a.form, b.form
    if fa.keys[0][0] != fb.keys[0][0] or not _same_role(a, b):
        return False
    return (
        key_similarity(fa.keys[-1], fb.keys[-1], fa.abjad or fb.abjad) >= settings.context_surname_threshold
    )


def _merge_acronyms(nodes: list[_Node], clusters: _Clusters) -> None:
    fulls: dict[str, set[int]] = {}
    for i, n in enumerate(nodes):
        if len(n.form.tokens) > 1:
            fulls.setdefault(n.form.initials, set()).add(i)
            fulls.setdefault("".join(t[0] for t in n.form.tokens), set()).add(i)
    for i, n in enumerate(nodes):
        if not n.form.is_acronym:
            continue
        candidates = [j for j in fulls.get("".join(n.form.tokens), ()) if acronym_of(n.form, nodes[j].form)]
        roots = {clusters.find(j) for j in candidates}
        if len(roots) == 1:
            clusters.merge(roots.pop(), i)


def _merge_partial_names(nodes: list[_Node], clusters: _Clusters) -> None:
    """A one-word organisation or place name joins the one longer name it begins or ends
    ("Promises" -> "Promises Treatment Center", "Colts" -> "Indianapolis Colts")."""
    ends: dict[tuple[str, str], set[int]] = {}
    for i, n in enumerate(nodes):
        if n.full and n.group != "PERSON":
            # "Armenia's Public Television" is not Armenia: a possessive first word names the owner.
            keys = {n.form.keys[-1]} if _possessive_first(n) else {n.form.keys[0], n.form.keys[-1]}
            for key in keys:
                ends.setdefault((n.group, key), set()).add(i)
    for i, n in enumerate(nodes):
        if n.full or n.group == "PERSON" or n.form.is_acronym:
            continue
        # The small model tags a country ORG or PERSON now and then; a word tagged as a place in a
        # fair share of its mentions is a place and does not become part of an organisation's name.
        if sum(n.labels[label] for label in _PLACE_LABELS) * 4 >= sum(n.labels.values()):
            continue
        roots = {clusters.find(j) for j in ends.get((n.group, n.form.keys[0]), ())}
        if len(roots) == 1:
            clusters.merge(roots.pop(), i)


_PLACE_LABELS = ("GPE", "LOC", "FAC")


def _possessive_first(node: _Node) -> bool:
    first = node.texts.most_common(1)[0][0].split(" ", 1)[0]
    return first.endswith(("'s", "’s", "'", "’"))


def _merge_short_forms(
    nodes: list[_Node], clusters: _Clusters, settings: ResolveSettings, cross: CrossScript
) -> set[int]:
    """Attach lone surnames to the one person they fit; returns the nodes that fit several."""
    full_persons = [i for i, n in enumerate(nodes) if n.group == "PERSON" and n.full]
    singles = [i for i, n in enumerate(nodes) if n.group == "PERSON" and not n.full]
    # The small NER model tags a lone surname ORG now and then; such a word joins a person only on an
    # exact key match, never on a near one ("Ford" the company stays apart from "Fore").
    mislabelled = [
        i for i, n in enumerate(nodes) if n.group == "ORG" and not n.full and not n.form.is_acronym
    ]
    ambiguous: set[int] = set()
    # Cyrillic lone surnames against Latin full names and the reverse go to the transducer (scored in
    # one batch first); a mislabelled ORG word still needs an exact key.
    kind = {i: cross.kind(nodes[i].form.text) for i in singles + full_persons}
    crossed = {(i, j) for i in singles if kind[i] for j in full_persons if kind[j] and kind[j] != kind[i]}
    gated = {
        (i, j)
        for i, j in crossed
        if key_gate(nodes[i].form.keys[0], nodes[j].form.keys[-1], settings.candidate_floor)
    }
    cross.prime(p for i, j in gated for p in cross.word_pairs(nodes[i].form.text, nodes[j].form.text))
    for i in singles + mislabelled:
        key = nodes[i].form.keys[0]
        abjad = nodes[i].form.abjad
        floor = settings.surname_threshold if nodes[i].group == "PERSON" else 1.0
        roots = set()
        for j in full_persons:
            form = nodes[j].form
            if (i, j) in crossed:
                if (i, j) in gated and cross.same_surname(nodes[i].form.text, form.text):
                    roots.add(clusters.find(j))
            elif key_similarity(key, form.keys[-1], abjad or form.abjad) >= floor:
                roots.add(clusters.find(j))
        if len(roots) == 1:
            clusters.merge(roots.pop(), i)
        elif len(roots) > 1 and nodes[i].group == "PERSON":
            ambiguous.add(i)
    # Lone surnames with no full form anywhere still meet each other across spellings.
    rest = [i for i in singles if i not in ambiguous and clusters.find(i) == i]
    keys = [nodes[i].form.keys[0] for i in rest]
    for x, y in _candidate_pairs(keys, settings.candidate_floor):
        a, b = nodes[rest[x]].form, nodes[rest[y]].form
        if cross.crossed(a.text, b.text):
            if cross.same_surname(a.text, b.text):
                clusters.merge(rest[x], rest[y])
        elif key_similarity(a.keys[0], b.keys[0], a.abjad or b.abjad) >= settings.surname_threshold:
            clusters.merge(rest[x], rest[y])
    return ambiguous


def _canonical(texts: Counter[str], forms: dict[str, NameForm]) -> str:
    """Most common full form; plain case beats ALL CAPS, then the longer, then the first seen."""
    order = {t: k for k, t in enumerate(texts)}

    def rank(text: str) -> tuple[int, int, int, int, int]:
        form = forms[text]
        full = len(form.tokens) > 1 and not form.is_acronym
        return (int(full), int(not text.isupper()), texts[text], len(form.tokens), -order[text])

    return max(texts, key=rank)


def entity_id(type_: str, name: str) -> str:
    """Stable id from the entity's type and canonical key: same name, same id, in every run."""
    key = NameForm.of(name).key
    return "ent-" + hashlib.sha1(f"{type_group(type_)}:{key}".encode()).hexdigest()[:12]


def _build(
    articles: Sequence[Article], nodes: list[_Node], clusters: _Clusters, ambiguous: set[int]
) -> list[Entity]:
    members: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        if i not in ambiguous or clusters.find(i) != i:
            members.setdefault(clusters.find(i), []).append(i)
    entities: list[tuple[tuple[int, int, int], Entity]] = []
    used: set[str] = set()
    for group in members.values():
        texts: Counter[str] = Counter()
        labels: Counter[str] = Counter()
        forms: dict[str, NameForm] = {}
        mentions = sorted(m for i in group for m in nodes[i].mentions)
        # Texts in order of first appearance, so ties in `_canonical` go to the earliest form.
        for i in sorted(group, key=lambda i: nodes[i].mentions[0]):
            texts.update(nodes[i].texts)
            labels.update(nodes[i].labels)
            forms.update({t: nodes[i].form for t in nodes[i].texts})
        name = _canonical(texts, forms)
        type_ = _entity_type(labels)
        ident = entity_id(type_, name)
        suffix = 2
        while ident in used:
            ident, suffix = f"{entity_id(type_, name)}-{suffix}", suffix + 1
        used.add(ident)
        aliases = _aliases(texts, name)
        article_ids = list(dict.fromkeys(articles[a].id for a, _ in mentions))
        for a, m in mentions:
            articles[a].mentions[m].entity_id = ident
        entities.append(((-len(mentions), *mentions[0]), Entity(ident, name, type_, aliases, article_ids)))
    # Most mentioned first, ties in order of first appearance.
    entities.sort(key=lambda e: e[0])
    return [e for _, e in entities]


def _entity_type(labels: Counter[str]) -> str:
    """The most common label, except that a name tagged as a place in a quarter of its mentions is a
    place: the small model mislabels countries and cities as ORG or PERSON far more often than the
    reverse ("Armenia" GPE 8, ORG 13, PERSON 7 in one five-article story)."""
    places = Counter({label: n for label, n in labels.items() if label in _PLACE_LABELS})
    if places and sum(places.values()) * 4 >= sum(labels.values()):
        return places.most_common(1)[0][0]
    return labels.most_common(1)[0][0]


def _aliases(texts: Counter[str], name: str) -> list[str]:
    seen = {name.casefold()}
    out = []
    for text, _ in texts.most_common():
        if text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def _attach_descriptors_and_titles(articles: Sequence[Article], entities: list[Entity]) -> None:
    by_id = {e.id: e for e in entities}
    roles: dict[str, set[str]] = {}
    words: dict[str, set[str]] = {}
    for article in articles:
        named = [i for i, m in enumerate(article.mentions) if m.entity_id is not None]
        for d, target in descriptor_targets(article.text, article.mentions, named).items():
            mention = article.mentions[d]
            ident = article.mentions[target].entity_id
            assert ident is not None
            mention.entity_id = ident
            entity = by_id[ident]
            if all(x.article != article.id or x.text != mention.text for x in entity.descriptors):
                entity.descriptors.append(Descriptor(article.id, mention.text))
            role = head_noun(mention.text)
            if role:
                roles.setdefault(role, set()).add(ident)
                words.setdefault(ident, set()).update(w.casefold() for w in mention.text.split())
    for article in articles:
        for mention in article.mentions:
            if mention.label != "TITLE":
                continue
            role = head_noun(mention.text)
            wanted = {w.casefold() for w in mention.text.split()[1:]}
            fits = [i for i in roles.get(role or "", ()) if wanted <= words[i]]
            if len(fits) == 1:
                mention.entity_id = fits[0]
