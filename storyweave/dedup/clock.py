"""Publication times as comparable numbers."""

from __future__ import annotations

from datetime import UTC, datetime


def timestamp(value: datetime | None, default: float) -> float:
    """Seconds since the epoch; a naive datetime is taken as UTC so naive and aware inputs still compare."""
    if value is None:
        return default
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()
