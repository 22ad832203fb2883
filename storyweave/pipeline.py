"""The flow of data, as plain functions: analyze each article, then find stories and brief them.

The CLI, the web app and batch jobs call these; they hold no logic of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from storyweave.analyze.sentences import split_sentences
from storyweave.brief.build import StoryContext, build_brief
from storyweave.cluster import cluster_articles
from storyweave.model import Article, Brief, Story
from storyweave.settings import Settings


def analyze(article: Article) -> Article:
    """Per-article analysis (a map): sentences with offsets. Already-analysed articles are left alone."""
    if not article.sentences and article.text:
        article.sentences = split_sentences(article.text)
    return article


def find_stories(articles: Sequence[Article], settings: Settings) -> list[Story]:
    return cluster_articles(articles, settings.cluster)


def build_briefs(articles: Iterable[Article], settings: Settings, words: int | None = None) -> list[Brief]:
    """Every story in `articles`, briefed; biggest stories first, ties in order of first appearance."""
    analyzed = [analyze(a) for a in articles]
    by_id = {a.id: a for a in analyzed}
    stories = find_stories(analyzed, settings)
    briefs = [
        build_brief(story, [by_id[i] for i in story.article_ids], settings, StoryContext(), words=words)
        for story in stories
    ]
    order = {story.id: n for n, story in enumerate(stories)}
    return sorted(briefs, key=lambda b: (-b.story.article_count, order[b.story.id]))
