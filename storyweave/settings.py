"""One typed settings object with documented defaults; unknown keys are rejected.

Settings are passed explicitly to every stage that needs them; there are no module-level globals.
Load order: defaults, then an optional TOML file, then environment (`STORYWEAVE_DB`), then CLI flags.
Each field's comment is its documentation (docs/settings.md repeats it for readers).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, get_origin, get_type_hints

from storyweave.errors import ConfigError


@dataclass(frozen=True, slots=True)
class IngestSettings:
    # Inputs larger than this many bytes are refused without being read into memory.
    max_file_bytes: int = 20_000_000
    # Show a progress bar when more than this many inputs are given.
    progress_min_inputs: int = 5
    # Language assumed when an input does not declare one.
    default_language: str = "en"


@dataclass(frozen=True, slots=True)
class EmbeddingSettings:
    # Which model: "all-MiniLM-L6-v2-int8" (default, English, fastest) or "multilingual-e5-small-q4".
    model: str = "all-MiniLM-L6-v2-int8"
    # Tokens per text fed to the model (longer texts are cut). 128 kept ECB+ quality at the top of the
    # measured range while costing half of 256; see docs/embeddings.md.
    max_tokens: int = 128
    # Texts per onnxruntime call; texts are sorted by length first so a batch pads to similar lengths.
    batch_size: int = 32
    # onnxruntime threads inside one operator; 0 lets onnxruntime choose (one per core).
    intra_op_threads: int = 0
    # MiniLM only: run int8 matrix products, from a graph derived once from the packaged model and kept
    # in `cache_dir` (2.6x faster, embeddings at cosine 0.995 to the packaged graph's; ECB+ clustering
    # unchanged, docs/embeddings.md). Needs the `onnx` package; without it the packaged graph is used.
    quantize: bool = True
    # Where derived model files are kept; "" means $XDG_CACHE_HOME/storyweave or ~/.cache/storyweave.
    cache_dir: str = ""


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    # Probability (from the learned article-story scorer) above which an article joins its best story.
    # Chosen by cross-validation by topic on ECB+ topics 1-35; see docs/clustering.md.
    threshold: float = 0.2
    # The maintenance pass splits a story in two when its halves' same-story probability is below this,
    # and merges two stories when their probability reaches `merge_threshold` (kept higher, so a merge
    # never undoes a split). Both chosen on ECB+; see docs/clustering.md.
    split_threshold: float = 0.5
    merge_threshold: float = 0.8
    # Stories smaller than this are not considered for splitting.
    min_split_size: int = 4
    # Run the merge pass after this many articles (and once at the end of a batch); 0 turns it off.
    merge_every: int = 200
    # Articles published further apart than this many days are never put in one story; a story not
    # joined for this long leaves the index. Undated articles are not blocked by time (docs/clustering.md).
    window_days: int = 30
    # At most this many stories stay in the index (the most recently joined); older ones are retired.
    # This is what keeps the cost of one article flat for undated streams.
    max_active: int = 5000
    # Candidate stories scored per article: the nearest by embedding and by TF-IDF, this many each.
    candidates: int = 10
    # Sentences after the title that the embedding model reads (the lead says which event it is).
    lead_sentences: int = 3
    # Use sentence embeddings at all; without them the scorer's embedding weight is dropped.
    use_embeddings: bool = True
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    # Which clusterer: "news" (the learned event clusterer above), "short" (MStream, a Dirichlet-multinomial
    # stream model for tweets and headline-only feeds; storyweave/cluster/shorttext.py) or "auto": "short"
    # when the batch's median article has at most `short_max_words` words, else "news".
    method: str = "auto"
    # MStream's prior weight of a new story, per text seen (p(new) ∝ short_alpha x texts so far). Chosen
    # with short_beta and short_keep_batches by NMI on the first half of Tweets-T only
    # (benchmarks/shorttext_tune.py; held-out second half in docs/clustering.md, "Short texts").
    short_alpha: float = 0.1
    # MStream's word smoothing per story: lower makes stories that share fewer words less likely to merge.
    # The paper's default, which the first-half search (above) also chose.
    short_beta: float = 0.03
    # MStream reads a stream in batches of this many texts and, after one pass over a batch, re-assigns
    # each of its texts `short_iterations` times given all the others. 2000 is the paper's setup (its
    # streams cut into 16 batches, ~1,900 texts each on Tweets-T); 5 passes is the authors' released
    # default. Re-assignment raised Tweets-T NMI 0.800 -> 0.843 (docs/clustering.md); 0 = one pass only.
    short_batch: int = 2000
    short_iterations: int = 5
    # MStreamF forgetting: when a batch (the next `short_batch` texts by arrival) starts, the counts of
    # texts older than the current batch and the `short_keep_batches` before it are removed; their stories
    # keep them and their ids, and a story left empty takes no new text. 0 keeps everything.
    short_keep_batches: int = 1
    # "auto" picks the short-text model when the median article (title + text, whitespace words) is at
    # most this long. Tweets-T (stop-worded tweets) has median 8, ECB+ news 230; the news tests'
    # one-sentence articles (14-17) must stay on "news", so it is not higher: a feed of raw tweets or long
    # headlines may need method = "short". docs/clustering.md, "Short texts".
    short_max_words: int = 12

    def __post_init__(self) -> None:
        if self.method not in ("auto", "news", "short"):
            raise ConfigError(f"cluster.method: expected one of auto, news, short, got {self.method!r}")
        if self.short_alpha <= 0 or self.short_beta <= 0:
            raise ConfigError("cluster.short_alpha and cluster.short_beta must be positive")


@dataclass(frozen=True, slots=True)
class DedupSettings:
    # Character k-gram size of the folded text. 5 keeps unrelated same-topic sentences apart (mean
    # Jaccard 0.014 on ECB+) while one re-spelled letter costs only 5 shingles.
    shingle_size: int = 5
    # Sentences (and paragraphs) shorter than this many folded characters are not signed: "He said."
    # or a dateline is shared by everyone without being copied.
    min_chars: int = 40
    # MinHash values per signed sentence or paragraph (one-permutation hashing into this many bins,
    # densified; docs/dedup.md). 32 scores the same as 48 and 64 on the ECB+ syndication set.
    num_perm: int = 32
    # Rows per LSH band; the index uses num_perm // band_rows bands (leftover permutations still count
    # in the estimate). 3 rows x 10 bands finds a pair at Jaccard 0.6 with probability 0.91, at 0.7 with
    # 0.98, at 0.8 with 0.9995; a pair at 0.1 becomes a candidate with probability 0.01.
    band_rows: int = 3
    # A band key shared by more units than this (boilerplate) yields only its most recent units.
    max_bucket: int = 32
    # Estimated Jaccard (from the stored MinHash) at which an LSH candidate is kept for verification.
    candidate_threshold: float = 0.35
    # Exact shingle Jaccard at which two sentences or paragraphs are a copy of each other.
    threshold: float = 0.55
    # Also a copy when this share of the shorter one's shingles lies in the longer one (a trimmed clause
    # or an inserted attribution lowers Jaccard, not containment) ...
    containment: float = 0.8
    # ... provided Jaccard still reaches this (keeps a short sentence inside a long one from matching).
    containment_floor: float = 0.35
    # A sentence copied into several later articles is attributed only to the earliest article it
    # appears in, so three re-posts of one wire story give 3 passages, not 6.
    attribute_to_earliest: bool = True
    # An article is a duplicate when this share of its folded text lies in passages shared with one
    # other article ...
    duplicate_coverage: float = 0.8
    # ... and at least this share of the other article's text is linked back: a trimmed re-post keeps
    # half or more of the original; a short article quoted inside a long one only shares a passage.
    duplicate_min_share: float = 0.45


NAMED_LABELS: tuple[str, ...] = (
    "PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ResolveSettings:
    # Phonetic-key similarity (0-1) at which two surnames are one surname ("Lukashenka"/"Lukashenko").
    surname_threshold: float = 0.8
    # Surname similarity at which two persons whose given names differ ("Syarhey"/"Sergei") are still one,
    # when their initials agree and the story gives both the same role ("Belarusian Foreign Minister").
    context_surname_threshold: float = 0.9
    # Similarity at which two given names may be one person's ("Alyaksandr"/"Aleksandr").
    given_threshold: float = 0.7
    # Whole-name similarity at which two organisation or place names are one ("Organisation"/"Organization").
    name_threshold: float = 0.9
    # Plain edit similarity below which two keys are not even compared closely (a speed floor).
    candidate_floor: float = 0.5
    # Word score of the Cyrillic-Latin transducer (resolve/translit.py `word_scores`: log p(cyrillic | latin)
    # per Cyrillic letter) at which a Cyrillic and a Latin surname (or given name) are one name. Median of the
    # F1-best cuts on 5 held-out folds of wd_russian_dev (each fold's names with their gold spellings against
    # their best-ranked wrong candidate, model trained on the other 4 folds: -0.80 -0.90 -0.87 -0.87 -0.86).
    # Held out: precision 0.877, recall 0.852, where the key rule it replaces had 0.767 / 0.790.
    translit_threshold: float = -0.87
    # NER labels that name things to resolve; dates, numbers and descriptor spans are not entities.
    labels: tuple[str, ...] = NAMED_LABELS


@dataclass(frozen=True, slots=True)
class ClaimSettings:
    # Two claim units join one claim group when their average-linkage grouping score (align.py
    # `grouping_scores`) is at least this. Chosen, with `align_embedding_weight` and
    # `min_content_words`, on the even-numbered half of the hand-labelled statement set
    # (tests/claims/statements_gold.jsonl, `storyweave eval claims statements`), since statement
    # identity is what a claim group means. Pairwise F1 peaks at 0.40 there (0.743); 0.44 (F1 0.718)
    # is taken because it marks statements best (mean of multi-outlet statements marked corroborated
    # and single-outlet sentences left single-source: 0.773 vs 0.763) and a wrong group makes a claim
    # look corroborated when it is not. Odd half: F1 0.599 (0.351 before), status 0.657 / 0.389.
    # ECB+ event coreference peaks lower (0.28-0.36) because it groups whole events (docs/claims.md).
    align_threshold: float = 0.44
    # The same cut when no embedder is given (word, entity and number overlap only), chosen the same way
    # (held-out F1 0.376).
    align_threshold_lexical: float = 0.24
    # Weight of the sentence-embedding cosine in the pair score when an embedder is given; the rest is
    # shared by word, entity and number overlap. Without an embedder the overlap scores carry it all.
    # This pair score gates the conflict tests below (their cuts were chosen on it).
    embedding_weight: float = 0.5
    # The same weight in the score claim groups are cut on (claims/align.py `grouping_scores`). On the
    # statement set's choice half: 0.5 / 0.7 / 0.8 / 0.9 / 1.0 give F1 0.698 / 0.728 / 0.743 / 0.741 /
    # 0.731 at their best cuts; paraphrases of one statement share meaning more than words.
    align_embedding_weight: float = 0.8
    # Units are compared for conflicting values when they share a claim group, or when their pair score
    # reaches this: a contradiction itself lowers similarity, so "17 ships" and "29 ships" may fall under
    # the grouping cut. On the ECB+ train perturbation set 0.2 finds 7 points more changed figures than
    # 0.3 with the same precision; 0.1 adds nothing more. A figure is compared only with a figure of the
    # same measure (unit and surrounding words), which is what keeps this loose gate precise.
    conflict_min_score: float = 0.2
    # Dates are compared only above this pair score: two loosely aligned sentences often tell different
    # moments of one story ("work stopped on Monday" / "ships waited on Tuesday"). Lowering it to 0.35
    # gains 3 points of date recall on ECB+ train; kept high for precision on real coverage, where such
    # pairs are common (docs/claims.md). Places have their own gates, below.
    fact_conflict_min_score: float = 0.5
    # Two places an offline gazetteer puts apart (claims/places.py) are a conflict from this pair score,
    # or from `place_anchored_min_score` when the parse hangs both on one happening ("killed in Queens" /
    # "killed in Detroit"). Both chosen on ECB+ *train*: the loosest pair at which the place conflicts
    # on the unperturbed train stories do not rise (0.42 / 0.35 adds one, 0.45 / 0.30 adds one;
    # docs/claims.md, (b)).
    place_apart_min_score: float = 0.45
    place_anchored_min_score: float = 0.35
    # Two dates are taken as dates of one happening only when the content words around them (40
    # characters each side) overlap at least this much (Dice). 0 would triple date recall on the ECB+
    # perturbation set, but two dates in loosely aligned sentences usually belong to two happenings.
    date_context_min: float = 0.5
    # Two claim units whose contents' embedding cosine reaches this are near-paraphrases: their weekdays and
    # calendar days are compared for conflicts even below `fact_conflict_min_score` / `date_context_min`.
    # 0.8 doubles date recall on the ECB+ perturbation set (0.107 -> 0.200) and adds one false date conflict
    # on the real dev stories; 0.65 reaches 0.33 but adds nine, nearly all false (docs/claims.md).
    fact_match_min: float = 0.8
    # Two weekdays or calendar days that the dependency parse hangs on one happening (same governing verb
    # or event noun up to inflection and a few strict synonyms, no subject or object in disagreement:
    # "died on Friday" / "died Thursday"; claims/anchors.py) are compared from this pair score, without
    # the date-context and phase tests. Needs `Article.attachments` (made at analysis time); articles
    # without them keep the rules above. Chosen on the ECB+ *train* split: the lowest cut at which every
    # date conflict it adds on the unperturbed train stories is a true disagreement between outlets
    # (0.45: train date recall 0.147 -> 0.247, +2 conflicts, both true; 0.42 adds a false one); on dev it
    # adds none (docs/claims.md).
    anchored_min_score: float = 0.45
    # Relative slack given to a hedged figure ("about 20" is compatible with 18..22). 10% is the usual
    # reading of "about"; "nearly/almost" only extend downwards.
    hedge_tolerance: float = 0.1
    # Units with fewer content words than this are not claims ("He said.", datelines). 4 dropped 59 of
    # the statement set's 372 sentences, 46 of them stated by another outlet too ("Three people were
    # killed."); 2 keeps those (choice half F1 at the best cut: 0.689 with 2, 0.614 with 4, same-article
    # rule and weight 0.5 in both).
    min_content_words: int = 2
    # A clause of a compound sentence is split off only when both sides keep at least this many words,
    # so "rich and famous" never becomes two claims.
    min_clause_words: int = 5
    # A direct quote needs at least this many words; one-word scare quotes ("so-called "reform"") are
    # not quotes. Two keeps partial quotes like "under blockade".
    min_quote_words: int = 2
    # Characters after (or before) a quote searched for its attribution ("..., said X, the chairman").
    attribution_window: int = 120
    # Two quotes are one quote carried by several outlets when the shorter one's words are this share
    # of a stretch of the longer one (trimmed or split quotes still match).
    quote_match: float = 0.85


SUMMARY_METHODS = ("mmr", "submodular", "greedy")


@dataclass(frozen=True, slots=True)
class SummarySettings:
    # Word budget of a story summary.
    words: int = 100
    # A candidate sentence this similar (cosine) to one already chosen is redundant and skipped.
    redundancy: float = 0.5
    # Two sentences from different articles this similar carry the same content and are cited together.
    support_similarity: float = 0.6
    # Selection: "mmr" (default: best coverage of a story's ECB+ events, docs/summary.md), "submodular",
    # or "greedy" (the first version).
    method: str = "mmr"
    # Drop leading connectives, parentheticals and trailing attributions from shown sentences; every kept
    # span stays an exact slice of its source. Off by default: readers may expect whole sentences.
    compress: bool = False

    def __post_init__(self) -> None:
        if self.method not in SUMMARY_METHODS:
            choices = ", ".join(SUMMARY_METHODS)
            raise ConfigError(f"summary.method: expected one of {choices}, got {self.method!r}")


@dataclass(frozen=True, slots=True)
class TimelineSettings:
    # Two dated sentences are one event when their dates are compatible (equal, or one contains the
    # other) and their content words overlap at least this much (set cosine). Paraphrases of one event by
    # two outlets scored 0.35-0.7 on the hand-written tests; different events on the same day below 0.25.
    merge_similarity: float = 0.35
    # At most this many events are shown: those carried by the most articles, then the earliest. A reader
    # scans a page of dates, not two hundred; 40 fits one screen of the HTML brief.
    max_events: int = 40
    # Sentences longer than this many words are not used as event text (page furniture glued together);
    # 80 is past every real news sentence in the ECB+ texts and the hand-written tests.
    max_sentence_words: int = 80
    # An undated article takes its reference date from its text (the latest full date it gives) or, failing
    # that, from its dated neighbours in the story (their median publication date). Off: such articles only
    # contribute absolute dates ("March 3, 2025").
    infer_undated: bool = True


@dataclass(frozen=True, slots=True)
class StoreSettings:
    # SQLite database file; `$STORYWEAVE_DB` overrides it, `--db` overrides both.
    path: str = "storyweave.db"
    # Keep the story clusterer in the store between ingests (signed with a key in ~/.cache/storyweave),
    # so an ingest clusters only its new articles; false clusters the whole archive again every time
    # (the stories then equal clustering all articles at once). docs/store.md.
    keep_clusterer: bool = True


TOKEN_ENV = "STORYWEAVE_TOKEN"


@dataclass(frozen=True, slots=True)
class WebSettings:
    # Address `storyweave serve` listens on; 127.0.0.1 keeps it private to this machine.
    host: str = "127.0.0.1"
    # TCP port `storyweave serve` listens on.
    port: int = 8000
    # Write token for POST /api/articles; `$STORYWEAVE_TOKEN` overrides it. Empty refuses every write.
    token: str = ""
    # Request bodies (uploads, JSON articles) larger than this many bytes are refused with 413.
    max_upload_bytes: int = 10_000_000
    # Stories per page of the story list (HTML and JSON); `per_page` may ask for up to `max_page_size`.
    page_size: int = 20
    # Largest `per_page` a client may ask for.
    max_page_size: int = 100
    # Articles per page of a story's source list on the story page.
    story_articles_page_size: int = 50
    # Search hits (articles, stories, entities) shown per page of /search.
    search_limit: int = 20

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, base: WebSettings | None = None
    ) -> WebSettings:
        """`base` (or the defaults) with the token taken from `$STORYWEAVE_TOKEN` when that is set."""
        env = os.environ if environ is None else environ
        settings = base or cls()
        token = env.get(TOKEN_ENV)
        return replace(settings, token=token) if token else settings


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    resolve: ResolveSettings = field(default_factory=ResolveSettings)
    claims: ClaimSettings = field(default_factory=ClaimSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    timeline: TimelineSettings = field(default_factory=TimelineSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    web: WebSettings = field(default_factory=WebSettings)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Settings:
        return _build(cls, data, "")

    @classmethod
    def load(cls, path: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
        """Defaults, overlaid by the TOML file at `path` (if given) and by the environment."""
        data: dict[str, Any] = {}
        if path is not None:
            try:
                data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{path}: {exc}") from exc
        settings = cls.from_mapping(data)
        env = os.environ if environ is None else environ
        if env.get("STORYWEAVE_DB"):
            settings = settings.with_db(env["STORYWEAVE_DB"])
        return replace(settings, web=WebSettings.from_env(env, settings.web))

    def with_db(self, path: str) -> Settings:
        return replace(self, store=replace(self.store, path=path))

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _as_dict(getattr(self, f.name)) for f in fields(self)}


def _as_dict(section: Any) -> Any:
    if not is_dataclass(section):
        return list(section) if isinstance(section, tuple) else section
    return {f.name: _as_dict(getattr(section, f.name)) for f in fields(section)}


def _build(cls: type, data: dict[str, Any], prefix: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{prefix.rstrip('.') or 'settings'}: expected a table, got {type(data).__name__}")
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(prefix + k for k in unknown)}")
    values: dict[str, Any] = {}
    for name, value in data.items():
        expected = hints[name]
        key = prefix + name
        if is_dataclass(expected):
            values[name] = _build(expected, value, key + ".")
            continue
        if get_origin(expected) is tuple:
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{key}: expected a list of strings, got {value!r}")
            values[name] = tuple(value)
            continue
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{key}: expected {expected.__name__}, got {type(value).__name__}")
        values[name] = value
    built = cls(**values)
    _check_ranges(built, prefix)
    return built


def _check_ranges(section: Any, prefix: str) -> None:
    for f in fields(section):
        value = getattr(section, f.name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise ConfigError(f"{prefix}{f.name}: must not be negative, got {value}")
