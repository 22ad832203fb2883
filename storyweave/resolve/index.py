"""An alias index across the store: names seen in earlier stories, keyed by their normalised keys.

`resolve_entities` groups one story's mentions; the index then maps each new story entity onto an entity
already in the store when one of its names has the same key (same type group), so a person keeps one id
across stories. Only exact key matches link here: across stories there is no shared context to rule out
two different people with alike names, so fuzzy matches are left to a reviewer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from storyweave.model import Entity
from storyweave.resolve.entities import type_group
from storyweave.resolve.match import NameForm


@dataclass(slots=True)
class AliasIndex:
    # (type group, key) -> entity id; a key claimed by two stored entities maps to None (ambiguous).
    keys: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @staticmethod
    def _keys(entity: Entity) -> Iterable[tuple[str, str]]:
        group = type_group(entity.type)
        for name in (entity.name, *entity.aliases):
            form = NameForm.of(name)
            # Lone surnames and acronyms are too weak to link on across stories.
            if len(form.keys) > 1 and not form.is_acronym:
                yield group, form.key

    def add(self, entity: Entity) -> None:
        for key in self._keys(entity):
            known = self.keys.get(key, entity.id)
            self.keys[key] = entity.id if known == entity.id else None

    def find(self, entity: Entity) -> str | None:
        """The stored id this entity is, when its names point at exactly one stored entity."""
        ids = {self.keys.get(key) for key in self._keys(entity)} - {None}
        return ids.pop() if len(ids) == 1 else None

    def link(self, entities: Iterable[Entity]) -> dict[str, str]:
        """Story entity id -> stored id for every entity found; new ones are added under their own id."""
        found: dict[str, str] = {}
        for entity in entities:
            stored = self.find(entity)
            if stored is not None:
                found[entity.id] = stored
            self.add(entity if stored is None else Entity(stored, entity.name, entity.type, entity.aliases))
        return found

    def to_dict(self) -> dict[str, str | None]:
        return {f"{g}\t{k}": v for (g, k), v in self.keys.items()}

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> AliasIndex:
        return cls({tuple(k.split("\t", 1)): v for k, v in data.items()})  # type: ignore[misc]
