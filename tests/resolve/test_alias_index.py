from storyweave.model import Entity
from storyweave.resolve.index import AliasIndex


def test_index_links_a_later_story_entity_by_any_alias() -> None:
    index = AliasIndex()
    index.add(Entity("e1", "Alyaksandr Lukashenka", "PERSON", ["Aleksandr Lukashenko", "Lukashenka"]))
    later = Entity("s2", "Aleksandr Lukashenko", "PERSON", ["Лукашенко"])
    assert index.link([later]) == {"s2": "e1"}
    assert AliasIndex.from_dict(index.to_dict()).find(later) == "e1"


def test_index_does_not_link_on_surname_alone_or_across_types() -> None:
    index = AliasIndex()
    index.add(Entity("e1", "Sadyr Japarov", "PERSON"))
    assert index.find(Entity("s2", "Japarov", "PERSON")) is None
    assert index.find(Entity("s3", "Sadyr Japarov", "ORG")) is None
    index.add(Entity("e2", "Sadyr Japarov", "PERSON"))  # a second stored entity claims the key
    assert index.find(Entity("s4", "Sadyr Japarov", "PERSON")) is None
