from storyweave.model import Mention
from storyweave.resolve.descriptors import descriptor_targets, evaluative_spans, evaluative_words, head_noun


def test_evaluative_words_are_marked_by_span() -> None:
    text = "authoritarian Belarusian leader"
    assert evaluative_spans(text) == [(0, 13)]
    assert evaluative_words("Belarusian President") == []
    assert evaluative_words("the embattled, self-proclaimed president") == ["embattled", "self-proclaimed"]


def test_head_noun() -> None:
    assert head_noun("the Belarusian leader") == "leader"
    assert head_noun("Kremlin spokesman") == "spokesman"
    assert head_noun("the summit") is None


def test_descriptor_targets_pair_premodifiers_and_appositives() -> None:
    text = "Kremlin spokesman Dmitry Peskov and Ararat Mirzoyan, the minister, spoke."
    mentions = [
        Mention(0, 17, "Kremlin spokesman", "DESCRIPTOR"),
        Mention(18, 31, "Dmitry Peskov", "PERSON"),
        Mention(36, 51, "Ararat Mirzoyan", "PERSON"),
        Mention(53, 65, "the minister", "DESCRIPTOR"),
    ]
    assert descriptor_targets(text, mentions, [1, 2]) == {0: 1, 3: 2}
    # A descriptor touching no name is left unpaired rather than guessed.
    assert descriptor_targets(text, mentions, [2]) == {3: 2}


def test_a_descriptor_ending_a_prepositional_phrase_is_not_the_next_speakers() -> None:
    def pairs(text: str, descriptor: str, name: str) -> dict[int, int]:
        d, n = text.index(descriptor), text.index(name)
        mentions = [
            Mention(d, d + len(descriptor), descriptor, "DESCRIPTOR"),
            Mention(n, n + len(name), name, "PERSON"),
        ]
        return descriptor_targets(text, mentions, [1])

    jibe = "In an apparent jibe at the Tarnish leader Ivo Rask said that only weak politicians stay away."
    assert pairs(jibe, "the Tarnish leader", "Ivo Rask") == {}
    assert pairs(jibe, "Tarnish leader", "Ivo Rask") == {}  # the span without its article
    # Its own descriptor, whether the name speaks or sits in a prepositional phrase.
    assert pairs(
        "The Dravian leader Ivo Rask said the talks went well.", "The Dravian leader", "Ivo Rask"
    ) == {0: 1}
    met = "Ministers met with the Dravian leader Ivo Rask on Friday."
    assert pairs(met, "the Dravian leader", "Ivo Rask") == {0: 1}
