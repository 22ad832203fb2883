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
