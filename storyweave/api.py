"""The Python API: the operations the CLI, the web app and scripts share.

Each function composes library stages; none of them prints. Bad inputs come back as `Rejected` values in
the result, never as exceptions, so one unreadable file cannot stop a batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from storyweave import __version__
from storyweave.analyze.embedding_cache import StoreCachedEmbedder
from storyweave.analyze.quantize import default_cache_dir
from storyweave.cluster import StoryClusterer
from storyweave.cluster.batch import build_clusterer
from storyweave.cluster.persist import (
    Clusterer,
    dump_clusterer,
    knows,
    load_clusterer,
    state_fingerprint,
    state_key,
)
from storyweave.errors import Rejected
from storyweave.ingest import iter_inputs
from storyweave.ingest.urls import FetchValidators
from storyweave.model import Article, Brief, Story
from storyweave.pipeline import Models, analyze, brief_fingerprint, brief_story, build_briefs, find_stories
from storyweave.settings import Settings
from storyweave.store import Store

# Called once per input item produced (article or rejection): lets a caller drive a progress display.
Progress = Callable[[Article | Rejected], None]


@dataclass(slots=True)
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


@dataclass(slots=True)
class IngestReport:
    added: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # URLs whose server answered 304 Not Modified to a poller's conditional GET (`watch`).
    unchanged: list[str] = field(default_factory=list)
    stories: int = 0
    # Stories whose brief was (re)computed by this ingest; the others kept their stored brief.
    briefed: int = 0

    def summary_line(self) -> str:
        return (
            f"ingested {len(self.added)}, duplicates {len(self.duplicates)}, "
            f"rejected {len(self.rejected)}"
            + (f", unchanged {len(self.unchanged)}" if self.unchanged else "")
            + f"; {self.stories} stories in the store"
            + (f", {self.briefed} briefed" if self.briefed else "")
        )


def read(
    inputs: Sequence[str],
    settings: Settings,
    progress: Progress | None = None,
    validators: FetchValidators | None = None,
) -> ReadResult:
    """Read every input; articles and rejections keep their input order. `validators` makes URL fetches
    conditional (see `watch`)."""
    result = ReadResult()
    for item in iter_inputs(inputs, settings.ingest, validators=validators):
        if isinstance(item, Rejected):
            result.rejected.append(item)
        else:
            result.articles.append(item)
        if progress is not None:
            progress(item)
    return result


def brief(
    articles: Iterable[Article],
    settings: Settings,
    words: int | None = None,
    models: Models | None = None,
    sentences: int | None = None,
) -> list[Brief]:
    """One brief per story found among `articles` (no store involved)."""
    return build_briefs(articles, settings, models=models, words=words, sentences=sentences)


def cluster(articles: Sequence[Article], settings: Settings, models: Models | None = None) -> list[Story]:
    """The stories among `articles` (ids only), without briefing them."""
    models = models or Models(settings)
    return find_stories(analyze(articles, models), settings, models)


def ingest(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    models: Models | None = None,
    validators: FetchValidators | None = None,
) -> IngestReport:
    """Add the inputs to the store (idempotently), then bring the store's stories up to date. With
    `validators`, URLs are fetched conditionally and those not modified are listed in `unchanged`."""
    if validators is not None:
        validators.unchanged.clear()
    report = ingest_articles(read(inputs, settings, progress, validators), store, settings, models)
    if validators is not None:
        report.unchanged = list(validators.unchanged)
    return report


def watch(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    every: float,
    rounds: int | None = None,
    on_round: Callable[[int, IngestReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    models: Models | None = None,
) -> int:
    """Keep `store` up to date with live inputs (feeds, pages): ingest them, wait `every` seconds, again,
    `rounds` times (None: until interrupted). Items seen before come back as duplicates and change
    nothing; only new ones are clustered and their stories briefed (the store keeps the clusterer), so
    a round with nothing new costs the fetches, and fetches are conditional (ETag / Last-Modified), so a
    feed whose server says it has not changed costs a 304 and is listed as `unchanged`. `on_round(n,
    report)` hears each round's report; a feed that fails is a `Rejected` in that round's report, and
    the next round tries it again. Returns the number of rounds run."""
    models = models or Models(settings)
    validators = FetchValidators()
    done = 0
    while rounds is None or done < rounds:
        if done:
            sleep(every)
        report = ingest(inputs, store, settings, models=models, validators=validators)
        done += 1
        if on_round is not None:
            on_round(done, report)
    return done


def ingest_articles(
    result: ReadResult, store: Store, settings: Settings, models: Models | None = None
) -> IngestReport:
    """Add already-read articles to the store (idempotently), then bring the store's stories up to date."""
    models = models or Models(settings)
    report = IngestReport(rejected=list(result.rejected))
    if result.articles:
        added = store.add_articles(analyze(result.articles, models))
        report.added, report.duplicates = list(added.added), list(added.duplicates)
    if report.added:
        report.stories, report.briefed = refresh_stories(store, settings, models)
    else:
        report.stories = store.story_count()
    return report


def story_brief(
    store: Store, story_id: str, settings: Settings, words: int | None = None, sentences: int | None = None
) -> Brief:
    """A stored story's brief; with a summary budget, briefed again from its stored articles."""
    stored = store.get_brief(story_id)
    if words is None and sentences is None:
        return stored
    members = list(store.iter_articles([a.id for a in stored.articles]))
    story = Story(id=stored.story.id, article_ids=[a.id for a in members])
    embedder = Models(settings).embedder
    if embedder is not None:
        embedder = StoreCachedEmbedder(embedder, store)
    return brief_story(story, members, settings, words=words, sentences=sentences, embedder=embedder)


def refresh_stories(store: Store, settings: Settings, models: Models | None = None) -> tuple[int, int]:
    """Bring the store's stories up to date after new articles: (number of stories, stories briefed).

    With `store.keep_clusterer` (default) the clusterer saved by the last ingest takes only the articles
    it has not seen; otherwise, or when no valid saved state exists, the whole archive is clustered
    (embeddings come from the store's cache). Either way only stories whose members changed, or whose
    stored brief was made by another storyweave version or other settings (`brief_fingerprint`), are
    briefed again, and stories that no longer exist are deleted. docs/store.md."""
    models = models or Models(settings)
    if models.embedder is not None:
        # Clustering must not re-embed what the store already holds vectors for.
        models = models.with_embedder(StoreCachedEmbedder(models.embedder, store))
    keep = settings.store.keep_clusterer
    key = state_key(default_cache_dir()) if keep else None
    fingerprint = state_fingerprint(__version__, settings.to_dict()["cluster"], _embedder_name(models))
    clusterer = _saved_clusterer(store, key, fingerprint, models) if key is not None else None
    if clusterer is None:
        archive = analyze(list(store.iter_articles()), models)
        clusterer = build_clusterer(archive, settings.cluster, models.embedder)
    else:
        new_ids = [i for i in store.article_ids() if not knows(clusterer, i)]
        if new_ids:
            clusterer.add_many(analyze(list(store.iter_articles(new_ids)), models))
            if isinstance(clusterer, StoryClusterer):
                clusterer.maintain()
    stories = clusterer.stories()
    briefed_with = brief_fingerprint(settings)
    kept = store.story_members(briefed_with=briefed_with)
    changed = [s for s in stories if kept.get(s.id) != frozenset(s.article_ids)]
    briefs = []
    for story in changed:
        members = analyze(list(store.iter_articles(story.article_ids)), models)
        briefs.append(brief_story(story, members, settings, embedder=models.embedder))
    gone = set(store.story_members()) - {s.id for s in stories}
    store.update_stories(briefs, delete=gone, briefed_with=briefed_with)
    if key is not None:
        store.put_cluster_state(fingerprint, dump_clusterer(clusterer, key))
    return len(stories), len(briefs)


def _embedder_name(models: Models) -> str | None:
    return None if models.embedder is None else models.embedder.name


def _saved_clusterer(store: Store, key: bytes, fingerprint: str, models: Models) -> Clusterer | None:
    """The clusterer the last ingest saved, if it was made by this code and these settings."""
    saved = store.get_cluster_state()
    if saved is None or saved[0] != fingerprint:
        return None
    return load_clusterer(saved[1], key, models.embedder)
