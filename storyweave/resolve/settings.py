"""Settings of entity resolution: `ResolveSettings` lives in storyweave.settings (section `resolve`)."""

from storyweave.settings import NAMED_LABELS, ResolveSettings

__all__ = ["NAMED_LABELS", "ResolveSettings"]
