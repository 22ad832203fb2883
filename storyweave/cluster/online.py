"""Online story clustering: each article, in arrival order, joins its most likely story or starts one.

For every new article the clusterer

1. weighs its words, names, years and numbers by the document frequencies seen so far (online TF-IDF)
   and embeds its title and lead;
2. gathers candidate stories by blocking, never by scanning the archive: the nearest story centroids in
   a matrix of *active* stories (same language, inside the time window, at most `max_active`, the most
   recently joined) plus the stories that share one of its rarest terms (an inverted index whose
   posting lists are capped);
3. scores each candidate with the learned scorer (similarity.py) and joins the best one whose
   probability reaches `threshold`, or starts a new story named after itself.

Every `merge_every` articles a maintenance pass retires stories that fell out of the time window or
the active cap, and merges active stories that turned out to be one (story-to-story probability at or
above `merge_threshold`); the older story's id survives, so a story stays named after its first article.

Documented rules for awkward input (tests/cluster/test_online.py holds them to it):
- no comparable content (no words and no names, e.g. empty or punctuation only): a story of its own
  that takes no other article (there is nothing to match on); never dropped;
- no publication date: not blocked by time; compared on content alone;
- no names or no years: those signals count as missing (the scorer has flags for it), not as a mismatch;
- a few words only: scored like any other article; short texts rarely reach the threshold by accident
  because every signal is a cosine over the same few terms;
- another language: only joins stories in the same language (`Article.language`, default "en"), since
  all-MiniLM-L6-v2 embeds English only; with the multilingual e5 model, languages mix freely;
- an article id seen before: answered with its current story, not added twice.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np

from storyweave.analyze.embeddings import E5_SMALL, Embedder, load_embedder
from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.ids import story_id_for
from storyweave.cluster.profile import (
    CHANNELS,
    ArticleVectors,
    StoryProfile,
    days_apart,
    spans_apart,
    timestamp,
)
from storyweave.cluster.signals import ArticleSignals, article_signals
from storyweave.cluster.similarity import DEFAULT_SCORER, Scorer, pair_features
from storyweave.cluster.split import STORY_SCORER, bisect, profile_of, same_story_probability
from storyweave.cluster.vectors import DocumentFrequencies
from storyweave.model import Article, Story

_POSTING_CAP = 64  # stories remembered per term: enough for any live story, bounded for common terms
_INDEX_TERMS = 8  # an article's rarest terms that go into / are looked up in the inverted index
_EMBED_CHUNK = 256  # articles embedded per call in add_many (bounded memory, length-sorted batches)
_SMALL_STORY = 2  # stories this small are merged on the article scorer (they are barely more than one)


class StoryClusterer:
    """Incremental story clustering for a monitor: `add(article) -> story id`, `stories()` at any time."""

    def __init__(
        self,
        config: ClusterConfig | None = None,
        embedder: Embedder | None = None,
        scorer: Scorer = DEFAULT_SCORER,
        story_scorer: Scorer = STORY_SCORER,
    ) -> None:
        self.config = config or ClusterConfig()
        if self.config.use_embeddings:
            self.embedder: Embedder | None = embedder or load_embedder(self.config.embedding)
            self.scorer, self.story_scorer = scorer, story_scorer
        else:
            self.embedder = None
            self.scorer, self.story_scorer = scorer.without_embedding(), story_scorer.without_embedding()
        self.frequencies = {name: DocumentFrequencies() for name in CHANNELS}
        self.assignments: dict[str, str] = {}  # article id -> story id at the time it was added
        self.merged: dict[str, str] = {}  # absorbed story id -> the story that took it in
        self._stories: dict[str, StoryProfile] = {}
        self._active: list[StoryProfile | None] = []  # by slot; None = free slot
        self._free: list[int] = []
        dim = self.embedder.dim if self.embedder is not None else 1
        self._centroids = np.zeros((64, dim), dtype=np.float32)
        self._postings: dict[str, deque[int]] = {}
        self._changed: set[str] = set()  # stories touched since the last maintenance pass
        self._seq = 0
        self._latest: datetime | None = None
        self._cross_language = self.config.embedding.model == E5_SMALL

    # --- public API -------------------------------------------------------------------------------

    def observe(self, articles: Iterable[Article]) -> None:
        """Count document frequencies from `articles` before clustering them (batch mode: the whole
        batch is known up front, so even the first article is weighted with the batch's statistics)."""
        for article in articles:
            self._count(self._signals(article))

    def add(self, article: Article) -> str:
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[str]:
        """Add articles in order; returns each one's story id at the time it was placed."""
        out: list[str] = []
        for start in range(0, len(articles), _EMBED_CHUNK):
            chunk = articles[start : start + _EMBED_CHUNK]
            signals = [self._signals(a) for a in chunk]
            embeddings = self._embed(signals)
            for article, sig, emb in zip(chunk, signals, embeddings, strict=True):
                out.append(self._place(article, sig, emb))
        return out

    def story_of(self, article_id: str) -> str:
        """The current story of an article, following merges."""
        return self._resolve(self.assignments[article_id])

    def stories(self) -> list[Story]:
        """Every story so far, in order of first article; members in arrival order."""
        live = [s for s in self._stories.values() if s.id not in self.merged]
        live.sort(key=lambda s: s.first_seq)
        return [Story(id=s.id, article_ids=list(s.article_ids)) for s in live]

    def maintain(self) -> tuple[int, int]:
        """Split stories that hold two events, merge stories that are one, then retire stale stories.
        Returns (splits, merges). Retiring comes last so that a story placed since the last pass gets
        its merge look even when newer articles have already made it stale (an early article of a
        story, fed in before that story's other reports, would otherwise be archived alone)."""
        splits = 0
        if self.config.split_threshold > 0:
            splits = sum(self._split(s) for s in list(self._active) if s is not None)
        merges = self._merge_pass() if self.config.merge_threshold <= 1.0 else 0
        self._retire()
        return splits, merges

    def vectors(self, articles: Sequence[Article]) -> list[ArticleVectors]:
        """Weighted vectors of `articles` as the clusterer sees them (for training the scorers)."""
        signals = [self._signals(a) for a in articles]
        embeddings = self._embed(signals)
        return [
            self._vectors(a, sig, emb, n)
            for n, (a, sig, emb) in enumerate(zip(articles, signals, embeddings, strict=True))
        ]

    # --- one article ------------------------------------------------------------------------------

    def _signals(self, article: Article) -> ArticleSignals:
        return article_signals(article, self.config.lead_sentences)

    def _count(self, signals: ArticleSignals) -> None:
        for name in CHANNELS:
            self.frequencies[name].add(getattr(signals, name))

    def _embed(self, signals: list[ArticleSignals]) -> list[np.ndarray | None]:
        if self.embedder is None:
            return [None] * len(signals)
        matrix = self.embedder.embed([s.embed_text for s in signals])
        return [None if s.empty else matrix[i] for i, s in enumerate(signals)]

    def _place(self, article: Article, signals: ArticleSignals, embedding: np.ndarray | None) -> str:
        if article.id in self.assignments:
            return self.story_of(article.id)
        self._seq += 1
        if self.frequencies["words"].docs < self._seq:
            self._count(signals)  # online mode: this article was not observed up front
        vectors = self._vectors(article, signals, embedding, self._seq)
        if article.published is not None and (
            self._latest is None or timestamp(article.published) > timestamp(self._latest)
        ):
            self._latest = article.published
        story = None if vectors.empty else self._best_story(vectors)
        if story is None:
            story = self._new_story(vectors)
        story.add(vectors)
        if not vectors.empty:
            self._index(story, vectors)
        self.assignments[article.id] = story.id
        self._changed.add(story.id)
        every = self.config.merge_every
        if every and self._seq % every == 0:
            self.maintain()
        return story.id

    def _vectors(
        self, article: Article, signals: ArticleSignals, embedding: np.ndarray | None, seq: int
    ) -> ArticleVectors:
        return ArticleVectors(
            id=article.id,
            seq=seq,
            embedding=embedding,
            published=article.published,
            language="*" if self._cross_language else signals.language,
            **{name: self.frequencies[name].weigh(getattr(signals, name)) for name in CHANNELS},
        )

    def _best_story(self, article: ArticleVectors) -> StoryProfile | None:
        candidates = self._candidates(article)
        if not candidates:
            return None
        rows = np.stack([pair_features(article, s, self._centroid(s)) for s in candidates])
        probs = self.scorer.probability(rows)
        best = int(np.argmax(probs))
        return candidates[best] if probs[best] >= self.config.threshold else None

    def _candidates(self, article: ArticleVectors) -> list[StoryProfile]:
        found: dict[int, None] = {}
        k = self.config.candidates
        if article.embedding is not None and self._active:
            sims = self._centroids[: len(self._active)] @ article.embedding
            top = np.argpartition(-sims, k * 2)[: k * 2] if len(sims) > k * 2 else range(len(sims))
            for slot in top:
                found[int(slot)] = None
        hits: Counter[int] = Counter()
        for term in _rarest(article):
            for slot in self._postings.get(term, ()):
                hits[slot] += 1
        for slot, _ in hits.most_common(k):
            found[slot] = None
        window = self.config.window_days
        out: list[StoryProfile] = []
        for slot in found:
            story = self._active[slot] if slot < len(self._active) else None
            if story is None or story.closed:
                continue
            if story.language != article.language:
                continue
            gap = days_apart(article.published, story)
            if gap is not None and gap > window:
                continue
            out.append(story)
        return out

    # --- stories and the index --------------------------------------------------------------------

    def _new_story(self, article: ArticleVectors) -> StoryProfile:
        story = self._open(story_id_for(article.id), article.language)
        story.closed = article.empty
        return story

    def _open(self, story_id: str, language: str) -> StoryProfile:
        slot = self._free.pop() if self._free else len(self._active)
        story = StoryProfile(id=story_id, slot=slot, language=language)
        if slot == len(self._active):
            self._active.append(story)
            if slot == self._centroids.shape[0]:
                self._centroids = np.vstack([self._centroids, np.zeros_like(self._centroids)])
        else:
            self._active[slot] = story
        self._stories[story.id] = story
        return story

    def _index(self, story: StoryProfile, article: ArticleVectors) -> None:
        centroid = story.centroid()
        if centroid is not None:
            self._centroids[story.slot] = centroid
        for term in _rarest(article):
            posting = self._postings.setdefault(term, deque(maxlen=_POSTING_CAP))
            if not posting or posting[-1] != story.slot:
                posting.append(story.slot)

    def _centroid(self, story: StoryProfile) -> np.ndarray | None:
        return self._centroids[story.slot] if story.embedding_sum is not None else None

    def _release(self, story: StoryProfile) -> None:
        if self._active[story.slot] is story:
            self._active[story.slot] = None
            self._centroids[story.slot] = 0.0
            self._free.append(story.slot)

    def _retire(self) -> None:
        live = [s for s in self._active if s is not None]
        window = self.config.window_days
        for story in live:
            gap = days_apart(self._latest, story)
            if gap is not None and gap > window:
                self._release(story)
                story.archive()
        live = [s for s in self._active if s is not None]
        excess = len(live) - self.config.max_active
        if excess > 0:
            for story in sorted(live, key=lambda s: s.last_seq)[:excess]:
                self._release(story)
                story.archive()

    def _merge_pass(self) -> int:
        """Merge stories that turned out to be one. Only stories changed since the last pass are looked
        up (against every active story), so the pass costs O(changed x active), not O(active^2). A story
        of one or two articles is judged by the article scorer at the join threshold (it is still an
        article, in effect); bigger pairs by the story scorer at `merge_threshold`."""
        live = [s for s in self._active if s is not None and not s.closed and s.embedding_sum is not None]
        changed = [s for s in live if s.id in self._changed]
        self._changed.clear()
        if not changed or len(live) < 2:
            return 0
        matrix = self._centroids[np.array([s.slot for s in live])]
        sims = self._centroids[np.array([s.slot for s in changed])] @ matrix.T
        k = min(self.config.candidates, len(live) - 1)
        pairs: list[tuple[float, StoryProfile, StoryProfile]] = []
        for i, story in enumerate(changed):
            for j in np.argsort(-sims[i])[: k + 1]:
                other = live[int(j)]
                if other is story or other.language != story.language:
                    continue
                gap = spans_apart(story, other)
                if gap is not None and gap > self.config.window_days:
                    continue  # the join's time window holds for merges too
                prob, bar = self._same_story(story, other)
                if prob >= bar:
                    older, newer = (story, other) if story.first_seq <= other.first_seq else (other, story)
                    pairs.append((prob, older, newer))
        merged = 0
        for _, older, newer in sorted(pairs, key=lambda p: -p[0]):
            if older.id in self.merged or newer.id in self.merged:
                continue
            older.absorb(newer)
            older.checked_size = 0  # a merged story may need a split look again
            self.merged[newer.id] = older.id
            self._release(newer)
            self._centroids[older.slot] = older.centroid()
            self._changed.add(older.id)
            merged += 1
        return merged

    def _same_story(self, a: StoryProfile, b: StoryProfile) -> tuple[float, float]:
        """(probability that a and b are one story, the bar it must reach to merge them)."""
        small, large = (a, b) if a.size <= b.size else (b, a)
        if small.size <= _SMALL_STORY:
            row = pair_features(small.as_article(), large, self._centroid(large))[None, :]
            return float(self.scorer.probability(row)[0]), self.config.threshold
        return same_story_probability(small, large, self.story_scorer), self.config.merge_threshold

    def _split(self, story: StoryProfile) -> int:
        """Split `story` (recursively) while its two halves look like different events; returns how
        many new stories came out. Only stories remembered whole, and grown by half since they were
        last looked at, are examined, so the pass costs little when nothing changed."""
        size = story.size
        if (
            story.closed
            or size < self.config.min_split_size
            or len(story.members) < size
            or size < 1.5 * story.checked_size
        ):
            return 0
        story.checked_size = size
        members = sorted(story.members, key=lambda m: m.seq)
        halves = bisect(members)
        if halves is None:
            return 0
        keep = [members[i] for i in halves[0]]  # holds the first article: keeps the story's id
        move = [members[i] for i in halves[1]]
        kept = profile_of(story.id, keep, story.language)
        moved = profile_of("", move, story.language)
        if same_story_probability(kept, moved, self.story_scorer) >= self.config.split_threshold:
            return 0
        kept = self._rebuild(story, keep)
        new = self._open(story_id_for(move[0].id), story.language)
        self.merged.pop(new.id, None)  # the id may have been merged away earlier: it lives again
        for member in move:
            new.add(member)
            self._index(new, member)
            self.assignments[member.id] = new.id
        kept.checked_size = new.checked_size = 0
        self._changed.update((kept.id, new.id))
        return 1 + self._split(kept) + self._split(new)

    def _rebuild(self, story: StoryProfile, members: list[ArticleVectors]) -> StoryProfile:
        fresh = StoryProfile(id=story.id, slot=story.slot, language=story.language)
        for member in members:
            fresh.add(member)
            self.assignments[member.id] = story.id
        self._stories[story.id] = fresh
        self._active[story.slot] = fresh
        centroid = fresh.centroid()
        if centroid is not None:
            self._centroids[story.slot] = centroid
        return fresh

    def _resolve(self, story_id: str) -> str:
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id


def _rarest(article: ArticleVectors) -> list[str]:
    """The article's most distinctive names and words (highest tf-idf), prefixed by channel."""
    names = sorted(article.entities.items(), key=lambda kv: -kv[1])[: _INDEX_TERMS // 2]
    words = sorted(article.words.items(), key=lambda kv: -kv[1])[: _INDEX_TERMS - len(names)]
    return [f"e:{t}" for t, _ in names] + [f"w:{t}" for t, _ in words]
