"""Settings of the timeline stage: `TimelineSettings` lives in storyweave.settings (section `timeline`)."""

from storyweave.settings import TimelineSettings

__all__ = ["TimelineSettings"]
