"""RSS and Atom feed files: one article per entry; malformed and unsafe feeds are rejected."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storyweave.errors import Rejected
from storyweave.ingest import iter_inputs
from storyweave.ingest.feeds import html_to_text
from storyweave.model import Article
from storyweave.settings import IngestSettings

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Valley Gazette</title><link>https://gazette.example/</link><language>en-gb</language>
<item>
  <title>Dam inspection finds cracks</title>
  <link>https://gazette.example/dam</link>
  <pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>
  <description>&lt;p&gt;Inspectors found cracks in the dam on Monday.&lt;/p&gt;
  &lt;p&gt;Repairs start soon.&lt;/p&gt;</description>
</item>
<item>
  <guid isPermaLink="false">gazette-42</guid>
  <title>Market day moves</title>
  <description>The weekly market moves to Thursdays from April.</description>
</item>
<item><title>Empty entry</title></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Hill Post</title>
  <entry>
    <title>Road reopens</title>
    <link href="https://hill.example/road"/>
    <id>urn:uuid:1</id>
    <updated>2025-02-01T10:00:00Z</updated>
    <content type="html">&lt;p&gt;The mountain road reopened on Saturday.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def _read(path: Path) -> list[Article | Rejected]:
    return list(iter_inputs([str(path)], IngestSettings()))


def test_rss_entries(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS)
    dam, market, empty = _read(path)
    assert isinstance(dam, Article)
    assert dam.id == "https://gazette.example/dam" and dam.url == dam.id
    assert dam.outlet == "Valley Gazette" and dam.title == "Dam inspection finds cracks"
    assert dam.text == "Inspectors found cracks in the dam on Monday.\nRepairs start soon."
    assert dam.published == datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
    assert dam.language == "en" and dam.source == f"{path}#1"
    assert isinstance(market, Article) and market.id == "gazette-42"
    assert empty == Rejected(f"{path}#3", "no article text")


def test_atom_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "hillpost"
    path.write_text(ATOM)
    [road] = _read(path)
    assert isinstance(road, Article)
    assert road.id == "https://hill.example/road" and road.outlet == "Hill Post"
    assert road.text == "The mountain road reopened on Saturday."


def test_entry_without_link_or_id_is_numbered(tmp_path: Path) -> None:
    path = tmp_path / "bare.xml"
    path.write_text(
        '<rss version="2.0"><channel><title>T</title><item><description>Only text.'
        "</description></item></channel></rss>"
    )
    [article] = _read(path)
    assert isinstance(article, Article) and article.id == "bare#1"


def test_malformed_feed(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<rss><channel><title>Broken</title><<<!!")
    [rejected] = _read(path)
    assert isinstance(rejected, Rejected) and rejected.reason.startswith("malformed feed")


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<rss><channel><title>&b;</title><item><description>x</description></item></channel></rss>"
    )
    [rejected] = _read(path)
    assert isinstance(rejected, Rejected) and rejected.reason.startswith("unsafe XML refused")


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>One <b>bold</b>.</p><p>Two.</p><script>x()</script>").split() == [
        "One",
        "bold.",
        "Two.",
    ]
    assert "\n" in html_to_text("<p>One.</p><p>Two.</p>").strip()
