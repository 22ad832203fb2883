"""Timeline of a story: dated events resolved against each article's publication date (see build.py)."""

from storyweave.timeline.build import ReferenceDate, build_timeline, date_notes, reference_dates
from storyweave.timeline.config import TimelineSettings
from storyweave.timeline.resolve import DateMatch, find_dates, resolve_expression

__all__ = [
    "DateMatch",
    "ReferenceDate",
    "TimelineSettings",
    "build_timeline",
    "date_notes",
    "find_dates",
    "reference_dates",
    "resolve_expression",
]
