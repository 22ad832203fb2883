"""Settings of the claims stage: `ClaimSettings` lives in storyweave.settings (section `claims`)."""

from storyweave.settings import ClaimSettings

__all__ = ["ClaimSettings"]
