"""Hand-built articles and briefs with every brief section filled, and a hostile article.

Briefs are built directly from storyweave.model classes (no NLP pipeline), so the web layer is tested on
sections that the pipeline does not fill yet (claims, conflicts, quotes, timeline, coverage).
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime

import uvicorn

from storyweave.model import (
    Article,
    Brief,
    BriefArticle,
    Claim,
    ClaimVariant,
    Conflict,
    ConflictValue,
    Coverage,
    Descriptor,
    Entity,
    Quote,
    Sentence,
    SharedPassage,
    StoryHeader,
    SummarySentence,
    Support,
    TimelineEvent,
)
from storyweave.store import Store
from storyweave.web import WebSettings

SUMMIT_TEXTS = {
    "north-1": (
        "North Herald",
        "Leaders sign river accord at Lakeside summit",
        "The leaders of Arland and Brevia signed a river accord in Lakeside on Thursday. "
        "The accord covers 15 documents on shipping and fishing. "
        "Arland's long-serving president Ivan Korsak called the deal historic.",
    ),
    "east-2": (
        "East Courier",
        "River deal signed; critics doubt it will last",
        "The leaders of Arland and Brevia signed a river accord in Lakeside on Thursday, officials said. "
        "About 20 documents were signed, according to the Brevian side. "
        'The authoritarian leader Ivan Korsaks said: "This river unites us."',
    ),
    "south-3": (
        "South Times",
        "Summit ends with accord",
        "The summit in Lakeside ended with an accord on the river. "
        "Environmental groups said the accord ignores pollution. "
        "Talks began last year in Brevia.",
    ),
}


def sentences_of(text: str) -> list[Sentence]:
    out = []
    pos = 0
    for piece in text.split(". "):
        start = text.index(piece, pos)
        end = start + len(piece) + (1 if text[start + len(piece) : start + len(piece) + 1] == "." else 0)
        out.append(Sentence(start=start, end=end, text=text[start:end]))
        pos = end
    return out


def summit_articles(prefix: str = "") -> list[Article]:
    articles = []
    for day, (article_id, (outlet, title, text)) in enumerate(SUMMIT_TEXTS.items(), start=23):
        articles.append(
            Article(
                id=prefix + article_id,
                text=text,
                title=title,
                outlet=outlet,
                url=f"https://{outlet.lower().replace(' ', '')}.example/{prefix}{article_id}",
                published=datetime(2023, 11, day),
                language="en",
                sentences=sentences_of(text),
            )
        )
    return articles


def span(article: Article, needle: str) -> Support:
    start = article.text.index(needle)
    return Support(article=article.id, start=start, end=start + len(needle), text=needle)


def full_brief(articles: list[Article], story_id: str = "s-summit") -> Brief:
    """A brief with every section filled, over three articles of `summit_articles`."""
    a, b, c = articles[:3]
    signed_a = "The leaders of Arland and Brevia signed a river accord in Lakeside on Thursday."
    signed_b = (
        "The leaders of Arland and Brevia signed a river accord in Lakeside on Thursday, officials said."
    )
    return Brief(
        story=StoryHeader(
            id=story_id,
            title="Arland and Brevia sign river accord",
            first_published="2023-11-23",
            last_published="2023-11-25",
            article_count=len(articles),
            outlet_count=len({x.outlet for x in articles}),
        ),
        articles=[
            BriefArticle(
                id=x.id,
                outlet=x.outlet,
                title=x.title,
                url=x.url,
                published=x.published.date().isoformat() if x.published else None,
                language=x.language,
            )
            for x in articles
        ],
        summary=[
            SummarySentence(
                text=signed_a, sources=[a.id, b.id], support=[span(a, signed_a), span(b, signed_b)]
            ),
            SummarySentence(
                text="Environmental groups said the accord ignores pollution.",
                sources=[c.id],
                support=[span(c, "Environmental groups said the accord ignores pollution.")],
            ),
        ],
        claims=[
            Claim(
                id="c1",
                text="Arland and Brevia signed a river accord.",
                status="corroborated",
                sources=[a.id, b.id, c.id],
                variants=[ClaimVariant(a.id, signed_a), ClaimVariant(b.id, signed_b)],
            ),
            Claim(id="c2", text="The accord covers 15 documents.", status="conflicting", sources=[a.id]),
            Claim(id="c3", text="About 20 documents were signed.", status="conflicting", sources=[b.id]),
            Claim(
                id="c4",
                text="Environmental groups say the accord ignores pollution.",
                status="single_source",
                sources=[c.id],
            ),
        ],
        conflicts=[
            Conflict(
                about="number of documents signed",
                values=[
                    ConflictValue("15", [a.id], "The accord covers 15 documents on shipping and fishing."),
                    ConflictValue(
                        "about 20", [b.id], "About 20 documents were signed, according to the Brevian side."
                    ),
                ],
            )
        ],
        quotes=[
            Quote(speaker="Ivan Korsak", entity="e-korsak", text="This river unites us.", articles=[b.id]),
            Quote(speaker=None, entity=None, text="historic", articles=[a.id]),
        ],
        entities=[
            Entity(
                id="e-korsak",
                name="Ivan Korsak",
                type="PERSON",
                aliases=["Ivan Korsak", "Ivan Korsaks"],
                articles=[a.id, b.id],
                descriptors=[
                    Descriptor(a.id, "Arland's long-serving president"),
                    Descriptor(b.id, "The authoritarian leader"),
                ],
            ),
            Entity(id="e-lakeside", name="Lakeside", type="GPE", aliases=[], articles=[a.id, b.id, c.id]),
        ],
        timeline=[
            TimelineEvent(
                date="2023-11-23",
                precision="day",
                text="The accord is signed in Lakeside.",
                articles=[a.id, b.id],
            ),
            TimelineEvent(date="2022", precision="year", text="Talks began in Brevia.", articles=[c.id]),
        ],
        shared_passages=[SharedPassage(articles=[a.id, b.id], text=signed_a, similarity=0.87)],
        coverage=[
            Coverage(article=a.id, unique_claims=[], missing_claims=["c4"]),
            Coverage(article=b.id, unique_claims=["c3"], missing_claims=["c4"]),
            Coverage(article=c.id, unique_claims=["c4"], missing_claims=["c2", "c3"]),
        ],
    )


HOSTILE_TEXT = (
    "Breaking <script>window.__pwned = 'text'; alert('text');</script> news from the river summit. "
    "<img src=x onerror=\"window.__pwned='img'\"> The mayor said </textarea>"
    "<svg onload=\"window.__pwned='svg'\"> nothing. "
    "Click <a href=\"javascript:window.__pwned='href'\">here</a>. {{ 7*7 }} ${7*7} \"quoted\" & 'single'."
)


def hostile_record() -> dict[str, str]:
    """A JSON article record with markup and script in every field a page shows."""
    return {
        "id": "evil-<script>1",
        "title": "<script>window.__pwned='title'</script><img src=x onerror=\"window.__pwned='title-img'\">",
        "outlet": "</title><script>window.__pwned='outlet'</script>",
        "url": "javascript:window.__pwned='url'",
        "published": "2023-11-26",
        "language": "en",
        "text": HOSTILE_TEXT,
    }


def plain_brief(story_id: str, title: str, articles: list[Article], last_published: str | None) -> Brief:
    """A brief with only its header and article list (what a story without analysis looks like)."""
    return Brief(
        story=StoryHeader(
            id=story_id,
            title=title,
            first_published=last_published,
            last_published=last_published,
            article_count=len(articles),
            outlet_count=len({a.outlet for a in articles}),
        ),
        articles=[
            BriefArticle(
                id=a.id,
                outlet=a.outlet,
                title=a.title,
                url=a.url,
                published=a.published.date().isoformat() if a.published else None,
                language=a.language,
            )
            for a in articles
        ],
    )


TOKEN = "test-token-5b1f"
URL_ID = "https://city.example/news/trams?id=7&x=<b>#top"
WEB = WebSettings(token=TOKEN, max_upload_bytes=200_000, page_size=5, story_articles_page_size=50)


def fill_store(store: Store) -> None:
    """Three stories: the full summit brief, a big story with 260 articles, and eleven small ones."""
    articles = summit_articles()
    store.add_articles(articles)
    briefs = [full_brief(articles)]
    big = [
        Article(
            id=f"big-{n:03d}",
            text=f"Bulletin number {n} about the ferry strike in Portville. Ferries stopped at dawn ({n}).",
            title=f"Ferry strike bulletin {n}",
            outlet=f"Outlet {n % 7}",
            published=datetime(2023, 11, 20),
        )
        for n in range(260)
    ]
    store.add_articles(big)
    briefs.append(plain_brief("s-big", "Ferry strike in Portville", big, "2023-11-20"))
    for n in range(11):
        small = Article(
            id=f"small-{n:02d}",
            text=f"Small item {n}: the town council of Millbrook met about bridge repairs, item {n}.",
            title=f"Millbrook council item {n}",
            outlet="Millbrook Post",
            published=datetime(2023, 10, n + 1),
        )
        store.add_articles([small])
        briefs.append(plain_brief(f"s-small-{n:02d}", small.title or "", [small], f"2023-10-{n + 1:02d}"))
    # An article whose id is a URL (ids of fetched pages are their URLs), in no story.
    store.add_articles(
        [Article(id=URL_ID, text="A page fetched by its address, about tram fares.", title="Tram fares")]
    )
    store.replace_stories(briefs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """A real uvicorn server on 127.0.0.1 and a free port, in a thread."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
