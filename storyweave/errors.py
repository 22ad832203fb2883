"""One small error hierarchy, plus `Rejected`: bad input kept as a value with its reason.

Library code raises these (or returns `Rejected`); only the CLI and web layers translate them into exit
codes and the one JSON error shape `{"error": {"code", "message"}}`.
"""

from __future__ import annotations

from dataclasses import dataclass


class StoryweaveError(Exception):
    """Base of every error storyweave raises on purpose."""

    code = "error"


class ConfigError(StoryweaveError):
    """Settings that cannot be used: an unknown key, a wrong type, a value out of range."""

    code = "bad_config"


class InputError(StoryweaveError):
    """One input that cannot be read. Carries the input's name so the message can say which."""

    code = "bad_input"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotFound(StoryweaveError):
    code = "not_found"


class StoreError(StoryweaveError):
    code = "store_error"


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input (or one record inside it) that produced no article, and why.

    Readers yield these beside the articles they do produce, so one bad record never hides the rest.
    """

    source: str
    reason: str

    def line(self) -> str:
        return f"{self.source}: {self.reason}"
