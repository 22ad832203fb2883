"""Golden files for a rendered brief that has every part of the model filled in.

The brief below is written by hand (an invented ferry strike). If a change to the renderers is meant to
change their output, regenerate the golden files and review the diff:

    STORYWEAVE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/brief/test_golden.py
    git diff tests/brief/golden/
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from storyweave.brief.render import render_html, render_json, render_markdown
from storyweave.model import (
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
    SharedPassage,
    StoryHeader,
    SummarySentence,
    Support,
    TimelineEvent,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("STORYWEAVE_UPDATE_GOLDEN") == "1"

A_TEXT = "Ferry crews in Korvald stopped work late on Thursday after pay talks failed."
B_TEXT = "Korvald ferry crews stopped work on Thursday after the failed pay talks."


def full_brief() -> Brief:
    return Brief(
        story=StoryHeader("s-ferry", "Korvald ferry crews strike", "2025-03-07", "2025-03-08", 3, 3),
        articles=[
            BriefArticle(
                "a", "Harbour Post", "Ferries stop", "https://post.example/ferry", "2025-03-07", "en"
            ),
            BriefArticle("b", "Daily Quay", "Crews walk out <b>now</b>", None, "2025-03-08", "en"),
            BriefArticle("c", "Reseller", None, "javascript:alert(1)", "2025-03-08", "en", duplicate_of="b"),
        ],
        summary=[
            SummarySentence(
                A_TEXT,
                ["a", "b"],
                [Support("a", 0, len(A_TEXT), A_TEXT), Support("b", 0, len(B_TEXT), B_TEXT)],
            )
        ],
        claims=[
            Claim(
                "k1",
                "Crews stopped work on Thursday.",
                "corroborated",
                ["a", "b"],
                [ClaimVariant("b", B_TEXT)],
            ),
            Claim("k2", "About 40 sailings were cancelled.", "conflicting", ["a", "b"]),
            Claim("k3", "Passengers <waited> at the quay.", "single_source", ["b"]),
        ],
        conflicts=[
            Conflict(
                "sailings cancelled",
                [
                    ConflictValue("40", ["a"], "About 40 sailings were cancelled."),
                    ConflictValue("25", ["b", "c"], "Some 25 sailings were cancelled."),
                ],
            )
        ],
        quotes=[
            Quote("Ilse Varga", "e1", "We will not sail until pay is fair.", ["a", "b"]),
            Quote(None, "e2", "Talks can resume on Monday.", ["b"]),
            Quote(None, None, "It is a *mess*.", ["c"]),
        ],
        entities=[
            Entity(
                "e1",
                "Ilse Varga",
                "PERSON",
                ["Ilse Varga", "I. Varga"],
                ["a", "b"],
                [Descriptor("a", "union leader"), Descriptor("b", "firebrand union boss")],
            ),
            Entity("e2", "Korvald Ferry Company", "ORG", ["Korvald Ferry Company"], ["a", "b"]),
        ],
        timeline=[
            TimelineEvent(
                "2024-Q4", "quarter", "The company reported a loss in the fourth quarter of 2024.", ["a"]
            ),
            TimelineEvent("2025-03-06", "day", A_TEXT, ["a", "b"]),
        ],
        shared_passages=[SharedPassage(["b", "c"], B_TEXT, 0.97)],
        coverage=[
            Coverage("a", [], []),
            Coverage("b", ["k3"], []),
            Coverage("c", [], ["k1"]),
        ],
    )


@pytest.mark.parametrize(("fmt", "render"), [("md", render_markdown), ("html", render_html)])
def test_rendered_brief_matches_golden_file(fmt: str, render) -> None:  # type: ignore[no-untyped-def]
    produced = render([full_brief()])
    path = GOLDEN / f"brief.{fmt}"
    if UPDATE:
        path.write_text(produced, encoding="utf-8")
    assert produced == path.read_text(encoding="utf-8"), "rendering changed; see this module's docstring"


def test_every_section_is_rendered_and_article_text_is_escaped() -> None:
    page = render_html([full_brief()])
    for heading in (
        "What happened", "Timeline", "Where outlets disagree", "Claims", "Agreed across outlets", "Disputed",
        "From one source (copies of one report count once)", "Who said what", "Who is who",
        "How outlets describe them",
        "What each article adds or leaves out", "Copied passages", "Sources",
    ):  # fmt: skip
        assert f">{heading}<" in page, heading
    assert "&lt;waited&gt;" in page and "<waited>" not in page
    assert "<b>now</b>" not in page
    assert 'href="javascript' not in page
    assert "Content-Security-Policy" in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    md = render_markdown([full_brief()])
    for heading in (
        "## Timeline",
        "## Claims",
        "## Who said what",
        "## What each article adds or leaves out",
    ):
        assert heading in md
    assert "Korvald Ferry Company**: “Talks can resume" in md  # a quote without a speaker names its entity
    assert "javascript:" not in md


def test_empty_sections_are_omitted() -> None:
    brief = full_brief()
    brief.timeline, brief.claims, brief.quotes, brief.coverage, brief.conflicts = [], [], [], [], []
    page = render_html([brief])
    md = render_markdown([brief])
    for heading in (
        "Timeline",
        "Claims",
        "Who said what",
        "What each article adds",
        "Where outlets disagree",
    ):
        assert f">{heading}" not in page and f"## {heading}" not in md


def test_json_carries_every_field() -> None:
    import json

    payload = json.loads(render_json([full_brief()]))["stories"][0]
    assert Brief.from_dict(payload) == full_brief()
    assert payload["timeline"][0] == {
        "date": "2024-Q4",
        "precision": "quarter",
        "text": "The company reported a loss in the fourth quarter of 2024.",
        "articles": ["a"],
    }
    assert payload["coverage"][2] == {"article": "c", "unique_claims": [], "missing_claims": ["k1"]}
