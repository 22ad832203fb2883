"""One typed settings object with documented defaults; unknown keys are rejected.

Settings are passed explicitly to every stage that needs them; there are no module-level globals.
Load order: defaults, then an optional TOML file, then environment (`STORYWEAVE_DB`), then CLI flags.
Each field's comment is its documentation (docs/settings.md repeats it for readers).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, get_type_hints

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
class ClusterSettings:
    # Cosine similarity (TF-IDF, sublinear tf) above which an article joins a story.
    # Chosen on ECB+ topics 1-35 with `storyweave eval clustering`; see docs/clustering.md.
    threshold: float = 0.2
    # Articles published further apart than this many days are never put in one story.
    window_days: int = 30


@dataclass(frozen=True, slots=True)
class SummarySettings:
    # Word budget of a story summary.
    words: int = 100
    # A candidate sentence this similar (cosine) to one already chosen is redundant and skipped.
    redundancy: float = 0.5
    # Two sentences from different articles this similar carry the same content and are cited together.
    support_similarity: float = 0.6


@dataclass(frozen=True, slots=True)
class StoreSettings:
    # SQLite database file; `$STORYWEAVE_DB` overrides it, `--db` overrides both.
    path: str = "storyweave.db"


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    store: StoreSettings = field(default_factory=StoreSettings)

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
        return settings

    def with_db(self, path: str) -> Settings:
        return replace(self, store=replace(self.store, path=path))

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _as_dict(getattr(self, f.name)) for f in fields(self)}


def _as_dict(section: Any) -> dict[str, Any]:
    return {f.name: getattr(section, f.name) for f in fields(section)}


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
