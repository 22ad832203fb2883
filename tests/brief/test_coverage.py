from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyweave.brief.coverage import coverage
from storyweave.model import Article, Claim, ClaimVariant


def _a(ident: str, outlet: str | None = None, url: str | None = None) -> Article:
    return Article(id=ident, text="Invented text.", outlet=outlet, url=url)


MEMBERS = [
    _a("a", "Harbour Post"),
    _a("b", "Daily Quay"),
    _a("c", "Harbour Post"),
    _a("d", None, "https://www.x.example/1"),
]
CLAIMS = [
    Claim("k1", "The port closed.", "corroborated", ["a", "b", "d"]),
    Claim("k2", "Twelve ships waited.", "single_source", ["a"]),
    Claim("k3", "Shops were quiet.", "single_source", ["b"]),
    Claim(
        "k4",
        "The union called it.",
        "corroborated",
        ["a", "c"],
        [ClaimVariant("b", "The union called the strike.")],
    ),
    Claim("k5", "Harbour Post says so twice.", "single_source", ["a", "c"]),
]


def test_unique_and_missing_claims_per_article() -> None:
    report = {c.article: c for c in coverage(MEMBERS, CLAIMS, {})}
    assert list(report) == ["a", "b", "c", "d"]
    assert report["a"].unique_claims == ["k2", "k5"]  # k5: two articles, one outlet
    assert report["b"].unique_claims == ["k3"]
    assert report["c"].unique_claims == ["k5"]
    assert report["a"].missing_claims == []
    assert report["b"].missing_claims == []  # a variant counts as carrying the claim
    assert report["c"].missing_claims == ["k1"]
    assert report["d"].missing_claims == ["k4"]


def test_a_copy_does_not_corroborate_its_original() -> None:
    members = [_a("orig", "Wire"), _a("copy", "Reseller")]
    claims = [Claim("k", "Copied claim.", "single_source", ["orig", "copy"])]
    report = {c.article: c for c in coverage(members, claims, {"copy": "orig"})}
    assert report["orig"].unique_claims == ["k"]
    assert report["copy"].unique_claims == []


def test_degenerate_inputs() -> None:
    assert coverage([], CLAIMS, {}) == []
    assert [c.unique_claims for c in coverage(MEMBERS, [], {})] == [[], [], [], []]
    cyclic = coverage(
        [_a("x", "X"), _a("y", "Y")], [Claim("k", "t", "corroborated", ["x"])], {"x": "y", "y": "x"}
    )
    assert [c.missing_claims for c in cyclic] == [[], ["k"]]


ids = st.sampled_from(["a", "b", "c", "d"])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["corroborated", "single_source", "conflicting"]), st.lists(ids, max_size=4)
        ),
        max_size=8,
    )
)
def test_unique_claims_are_carried_and_missing_ones_are_not(spec: list[tuple[str, list[str]]]) -> None:
    claims = [Claim(f"k{i}", "t", status, sources) for i, (status, sources) in enumerate(spec)]  # type: ignore[arg-type]
    for row in coverage(MEMBERS, claims, {}):
        by_id = {c.id: c for c in claims}
        assert all(row.article in by_id[k].sources for k in row.unique_claims)
        assert all(row.article not in by_id[k].sources for k in row.missing_claims)
        assert not set(row.unique_claims) & set(row.missing_claims)
