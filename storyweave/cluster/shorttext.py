"""Short-text stream clustering: MStream, a one-pass Dirichlet-multinomial mixture (Yin, Feng et al.,
"Model-based Clustering of Short Text Streams", KDD 2018).

The news clusterer (online.py) scores an article against a story with names, dates, numbers and
embeddings fitted on edited news; tweets and headline-only feeds carry none of those, and it fragments
them. MStream instead treats each story as a multinomial over words and each text as drawn from one
story, so a text joins the story whose words explain it best, or starts a new one:

    p(join z) ∝ m_z · Π_w Π_{j=1..N_d^w} (n_z^w + β + j − 1) / Π_{i=1..N_d} (n_z + Vβ + i − 1)
    p(new)    ∝ αD  · Π_w Π_{j=1..N_d^w} (β + j − 1)         / Π_{i=1..N_d} (Vβ + i − 1)

(the shared denominator D − 1 + αD of the paper cancels). m_z: texts in story z, n_z: words in it,
n_z^w: occurrences of w in it, D: texts so far including this one, V: distinct words so far. Each text
goes to the argmax (deterministic, unlike the paper's sampling), in log space via log-gamma.

Cost: every story gets the length term (O(stories) in numpy); the word terms only differ from the
new-story term for stories that hold the word, so each word adds a correction to those stories alone,
read from a per-word posting of (story slot, count) arrays. One text costs O(stories + postings of
its words), never a Python loop over stories.

Re-assignment, as MStream does: `add_many` takes its input in batches of `short_batch` texts; after the
one pass over a batch, each of its texts is taken out and placed again given all the others,
`short_iterations` times (argmax, where the paper samples all but the last pass). `add` is a batch of
one, so a monitor that adds one text at a time gets the plain one-pass model.

Forgetting, as MStreamF does: with `short_keep_batches` = K > 0 the model keeps the counts of the
current batch and the K before it, where batch b holds the texts that arrived b-th in runs of
`short_batch` (counted by arrival, so `add` one at a time forgets like `add_many` does). When the first
text of batch t arrives, every text of batch t - K - 1 is taken out of the counts (m_z, n_z, n_z^w, D),
and a word no retained text uses leaves the vocabulary (V). A forgotten text keeps its story: `story_of`
and `stories()` still answer for it, and a story whose every text is forgotten keeps its id but has
m_z = 0, so nothing joins it any more (a later text like it starts a new story). What stays bounded is the
model (postings, vocabulary, the kept texts' words); the article -> story map still grows by one entry
per text. K = 0 keeps everything; the default, 1, and the measurements behind it: docs/clustering.md,
"Short texts".
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence

import numpy as np
from scipy.special import gammaln

from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.ids import story_id_for
from storyweave.cluster.signals import content_words
from storyweave.model import Article, Story


def short_text_words(article: Article) -> Counter[str]:
    """Lowercase content words of title + text (the news tokenizer and its stopword list); the title is
    counted once: in a short text every word already matters as much as the headline."""
    title = article.title or ""
    return Counter(content_words(f"{title}\n{article.text}" if title else article.text))


class _Posting:
    """Which stories hold one word, and how often: parallel growable arrays plus a slot -> row map."""

    __slots__ = ("counts", "row", "size", "slots")

    def __init__(self) -> None:
        self.slots = np.zeros(4, dtype=np.int64)
        self.counts = np.zeros(4, dtype=np.float64)
        self.row: dict[int, int] = {}
        self.size = 0

    def add(self, slot: int, count: int) -> None:
        row = self.row.get(slot)
        if row is None:
            if self.size == len(self.slots):
                self.slots = np.resize(self.slots, max(4, 2 * self.size))
                self.counts = np.resize(self.counts, max(4, 2 * self.size))
            row = self.row[slot] = self.size
            self.slots[row], self.counts[row] = slot, 0.0
            self.size += 1
        # A count that drops to 0 stays as a row: its correction is exactly 0, so it is harmless
        # (forgetting removes such rows, `compact`, since there they would pile up).
        self.counts[row] += count

    def compact(self) -> None:
        """Drop the rows whose count is 0 (order of the others kept)."""
        live = self.counts[: self.size] != 0
        if live.all():
            return
        self.slots = self.slots[: self.size][live]
        self.counts = self.counts[: self.size][live]
        self.size = len(self.slots)
        self.row = {int(slot): row for row, slot in enumerate(self.slots)}


class ShortTextClusterer:
    """Incremental short-text clustering with the same surface as `StoryClusterer`: `add(article) ->
    story id`, `add_many`, `story_of(article id)`, `stories()`. Stories are named after the article that
    started them (`story_id_for`), so the same input in the same order gives the same ids."""

    keep_batches = 0  # class default: a state pickled (cluster/persist.py) before forgetting existed

    def __init__(self, config: ClusterConfig | None = None, keep_batches: int | None = None) -> None:
        """`keep_batches` overrides `config.short_keep_batches` (read as 0 where the settings object
        has no such field)."""
        config = config or ClusterConfig()
        self.alpha, self.beta = config.short_alpha, config.short_beta
        self.iterations, self.batch = config.short_iterations, max(1, config.short_batch)
        if keep_batches is None:
            keep_batches = getattr(config, "short_keep_batches", 0)
        if keep_batches < 0:
            raise ValueError(f"keep_batches must not be negative, got {keep_batches}")
        self.keep_batches = keep_batches
        # With forgetting: (batch number, [(article id, words)]) of the batches whose counts are kept.
        self._kept: deque[tuple[int, list[tuple[str, Counter[str]]]]] = deque()
        self._postings: dict[str, _Posting] = {}
        self._m = np.zeros(64)  # texts per story slot
        self._n = np.zeros(64)  # words per story slot
        self._ids: list[str] = []  # story id per slot
        self._members: list[list[str]] = []  # article ids per slot
        self._slot: dict[str, int] = {}  # article id -> current slot
        self._arrival: dict[str, int] = {}  # article id -> arrival number, to list members in order
        self._used: set[str] = set()  # every story id handed out, so a re-assignment never reuses one
        self._texts = 0  # texts with words that are in the model (D without the one being placed)

    # --- public API -------------------------------------------------------------------------------

    def add(self, article: Article) -> str:
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[str]:
        """Add articles in order, in batches of `short_batch`: each batch is placed in one pass, then
        re-assigned `short_iterations` times. Returns each one's story id at the time it was placed."""
        out: list[str] = []
        for start in range(0, len(articles), self.batch):
            placed: list[tuple[str, Counter[str]]] = []
            for article in articles[start : start + self.batch]:
                if article.id in self._slot:  # seen before: answered, not added twice
                    out.append(self.story_of(article.id))
                    continue
                words = short_text_words(article)
                arrival = self._arrival[article.id] = len(self._arrival)
                if self.keep_batches:
                    self._forget_before(arrival // self.batch - self.keep_batches)
                out.append(self._ids[self._place(article.id, words)])
                if self.keep_batches and words:
                    self._keep(arrival // self.batch, article.id, words)
                if words:
                    placed.append((article.id, words))
            if len(placed) > 1:  # a lone text would land where it is: the model has not changed
                for _ in range(self.iterations):
                    self._reassign(placed)
        return out

    def story_of(self, article_id: str) -> str:
        """The current story of an article (a re-assignment pass may have moved it)."""
        return self._ids[self._slot[article_id]]

    def stories(self) -> list[Story]:
        """Every non-empty story, in order of its first article; members in arrival order."""
        groups = [sorted(m, key=self._arrival.__getitem__) for m in self._members]
        live = [slot for slot, group in enumerate(groups) if group]
        live.sort(key=lambda slot: self._arrival[groups[slot][0]])
        return [Story(id=self._ids[slot], article_ids=groups[slot]) for slot in live]

    # --- the model --------------------------------------------------------------------------------

    def _place(self, article_id: str, words: Counter[str]) -> int:
        slot = -1
        if words:
            for w in words:  # V counts every word seen, this text's included
                if w not in self._postings:
                    self._postings[w] = _Posting()
            slot = self._best(words)
        if slot < 0:
            # A text without words gets a story of its own that m = 0 keeps closed (log prior -inf):
            # there is nothing for a story's words to explain.
            slot = self._open(story_id_for(article_id))
        if words:
            self._count(slot, words, +1)
        self._members[slot].append(article_id)
        self._slot[article_id] = slot
        return slot

    def _best(self, words: Counter[str]) -> int:
        """The slot with the highest log p(join), or -1 when a new story is more likely."""
        k = len(self._ids)
        length = sum(words.values())
        vbeta = len(self._postings) * self.beta
        d = self._texts + 1
        new = np.log(self.alpha * d) - (gammaln(vbeta + length) - gammaln(vbeta))
        if k == 0:
            return -1
        m, n = self._m[:k], self._n[:k]
        with np.errstate(divide="ignore"):  # empty slots (m = 0) score -inf: nothing can join them
            score = np.log(m)
        score -= gammaln(n + vbeta + length) - gammaln(n + vbeta)
        for w, c in words.items():
            posting = self._postings[w]
            if posting.size:
                slots, counts = posting.slots[: posting.size], posting.counts[: posting.size]
                # A story without w scores it like a new story, lgamma(beta + c) - lgamma(beta); that
                # term is left out of every side, so only stories holding w get (their term - it). Slots
                # are unique within a posting, so fancy-index += adds each correction once.
                shared = gammaln(self.beta + c) - gammaln(self.beta)
                score[slots] += gammaln(counts + self.beta + c) - gammaln(counts + self.beta) - shared
        best = int(np.argmax(score))  # ties: the oldest story, so the result does not depend on luck
        return best if score[best] >= new else -1

    def _open(self, story_id: str) -> int:
        slot = len(self._ids)
        if slot == len(self._m):
            self._m = np.resize(self._m, 2 * slot)
            self._n = np.resize(self._n, 2 * slot)
        self._m[slot] = self._n[slot] = 0.0
        self._ids.append(story_id)
        self._used.add(story_id)
        self._members.append([])
        return slot

    def _count(self, slot: int, words: Counter[str], sign: int) -> None:
        """Add (sign +1) or remove (-1) one text's counts."""
        self._m[slot] += sign
        self._n[slot] += sign * sum(words.values())
        self._texts += sign
        for w, c in words.items():
            self._postings[w].add(slot, sign * c)

    def _keep(self, batch: int, article_id: str, words: Counter[str]) -> None:
        if not self._kept or self._kept[-1][0] != batch:
            self._kept.append((batch, []))
        self._kept[-1][1].append((article_id, words))

    def _forget_before(self, batch: int) -> None:
        """Take the texts of every batch numbered below `batch` out of the counts. The texts being
        re-assigned (the current `add_many` chunk: at most `short_batch` texts, so batches t - 1 and t)
        are never among them, since K >= 1."""
        touched: set[str] = set()
        while self._kept and self._kept[0][0] < batch:
            for article_id, words in self._kept.popleft()[1]:
                self._count(self._slot[article_id], words, -1)
                touched.update(words)
        for w in touched:
            posting = self._postings[w]
            posting.compact()
            if not posting.size:
                del self._postings[w]  # no kept text uses it: out of V

    def _reassign(self, placed: list[tuple[str, Counter[str]]]) -> None:
        """One pass over this batch's texts: take each out and place it again given all the others."""
        for article_id, words in placed:
            old = self._slot[article_id]
            self._count(old, words, -1)
            slot = self._best(words)
            if slot < 0 and self._m[old] == 0:
                slot = old  # alone in its story and still best alone: stays, keeping the story's id
            if slot == old:
                self._count(old, words, +1)
                continue
            self._members[old].remove(article_id)
            if slot < 0:
                # It leaves a story it shared for one of its own. The name is taken when this text
                # started the story it leaves (that story keeps it), so a salted one, still stable.
                name, salt = story_id_for(article_id), 0
                while name in self._used:
                    salt += 1
                    name = story_id_for(f"{article_id}#{salt}")
                slot = self._open(name)
            self._count(slot, words, +1)
            self._members[slot].append(article_id)  # stories() restores arrival order
            self._slot[article_id] = slot
