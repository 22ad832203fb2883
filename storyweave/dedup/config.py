"""Settings of the dedup stage: `DedupSettings` lives in storyweave.settings (section `dedup`)."""

from storyweave.settings import DedupSettings

__all__ = ["DedupSettings"]
