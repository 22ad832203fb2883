from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.errors import ConfigError
from storyweave.settings import Settings


def test_defaults_are_documented_values() -> None:
    settings = Settings()
    assert settings.ingest.max_file_bytes == 20_000_000
    assert settings.summary.words == 100
    assert settings.store.path == "storyweave.db"


def test_unknown_keys_are_rejected_with_their_full_name() -> None:
    with pytest.raises(ConfigError, match=r"summary\.wrods"):
        Settings.from_mapping({"summary": {"wrods": 10}})
    with pytest.raises(ConfigError, match="colour"):
        Settings.from_mapping({"colour": "blue"})


def test_wrong_types_and_negative_values_are_rejected() -> None:
    with pytest.raises(ConfigError, match=r"ingest\.max_file_bytes"):
        Settings.from_mapping({"ingest": {"max_file_bytes": "big"}})
    with pytest.raises(ConfigError, match="expected int, got bool"):
        Settings.from_mapping({"summary": {"words": True}})
    with pytest.raises(ConfigError, match="must not be negative"):
        Settings.from_mapping({"cluster": {"threshold": -0.1}})
    with pytest.raises(ConfigError, match="expected a table"):
        Settings.from_mapping({"cluster": 3})


def test_ints_are_accepted_for_floats() -> None:
    assert Settings.from_mapping({"cluster": {"threshold": 1}}).cluster.threshold == 1.0


def test_load_from_toml_and_environment(tmp_path: Path) -> None:
    config = tmp_path / "storyweave.toml"
    config.write_text('[summary]\nwords = 50\n[store]\npath = "from-file.db"\n', encoding="utf-8")
    settings = Settings.load(config, environ={})
    assert settings.summary.words == 50 and settings.store.path == "from-file.db"
    assert Settings.load(config, environ={"STORYWEAVE_DB": "env.db"}).store.path == "env.db"
    assert Settings.load(None, environ={}).to_dict() == Settings().to_dict()


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("[summary\nwords = ", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.toml"):
        Settings.load(config, environ={})
    with pytest.raises(ConfigError, match="missing"):
        Settings.load(tmp_path / "missing.toml", environ={})
