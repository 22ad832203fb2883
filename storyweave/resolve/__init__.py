"""Entity resolution: mentions across spellings, scripts and outlets grouped into entities."""

from storyweave.resolve.entities import entity_id, resolve_entities
from storyweave.resolve.settings import ResolveSettings

__all__ = ["ResolveSettings", "entity_id", "resolve_entities"]
