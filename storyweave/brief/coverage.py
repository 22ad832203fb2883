"""What each article adds and what it leaves out, against the story's claims.

For every member article:
- `unique_claims`: the claims whose every source belongs to this article's outlet, once copies are traced
  back to what they copy. A syndicated copy of outlet A's article in outlet B does not make A's claim
  "reported by two outlets"; a claim only A's reporters wrote is unique to A (and to nobody else, so a
  copy B gets no unique claims from it).
- `missing_claims`: the corroborated claims this article does not carry (it is neither a source nor the
  article of a variant). A duplicate carries what its original carries only if the claim stage says so.

An article's outlet is `article.outlet`, else its URL's host, else its id. Claim ids keep the order of
`claims`; articles keep the order of `members`. Pure function, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyweave.model import Article, Claim, Coverage


def coverage(
    members: Sequence[Article], claims: Sequence[Claim], duplicate_of: Mapping[str, str]
) -> list[Coverage]:
    """Per article of the story, its unique claims and the corroborated claims it leaves out."""
    outlet = {a.id: outlet_of(a) for a in members}
    ids = set(outlet)

    def origin(article_id: str) -> str:
        # Follow copy links to the first article; a cycle (bad input) stops where it closes.
        seen = {article_id}
        while article_id in duplicate_of and duplicate_of[article_id] not in seen:
            article_id = duplicate_of[article_id]
            seen.add(article_id)
        return article_id

    carriers: dict[str, set[str]] = {}
    voices: dict[str, set[str]] = {}
    for claim in claims:
        carried = {a for a in claim.sources if a in ids} | {
            v.article for v in claim.variants if v.article in ids
        }
        carriers[claim.id] = carried
        voices[claim.id] = {outlet.get(origin(a), origin(a)) for a in carried}
    report: list[Coverage] = []
    for article in members:
        own = outlet[article.id]
        copy = article.id in duplicate_of and outlet.get(origin(article.id)) != own
        unique = [c.id for c in claims if not copy and article.id in carriers[c.id] and voices[c.id] == {own}]
        missing = [c.id for c in claims if c.status == "corroborated" and article.id not in carriers[c.id]]
        report.append(Coverage(article=article.id, unique_claims=unique, missing_claims=missing))
    return report


def outlet_of(article: Article) -> str:
    if article.outlet:
        return article.outlet
    if article.url and "://" in article.url:
        host = article.url.split("://", 1)[1].split("/", 1)[0].removeprefix("www.")
        if host:
            return host
    return article.id


__all__ = ["coverage", "outlet_of"]
