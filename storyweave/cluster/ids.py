"""Story ids: named after the article that started the story, so the same input gives the same ids."""

from __future__ import annotations

import hashlib


def story_id_for(first_article_id: str) -> str:
    """A story is named after the first article that started it, so ids are stable across runs."""
    return "s-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:12]
