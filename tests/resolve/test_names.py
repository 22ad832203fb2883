from storyweave.resolve.match import NameForm, acronym_of, token_similarity
from storyweave.resolve.names import is_acronym, name_tokens, phonetic_key, to_latin
from storyweave.resolve.romanize import bgn_pcgn, scholarly


def test_bgn_pcgn_iotates_e_at_word_start_and_after_vowels() -> None:
    assert bgn_pcgn("Ельцин") == "Yelʹtsin"
    assert bgn_pcgn("Лукашенко") == "Lukashenko"
    assert bgn_pcgn("Хрущёв") == "Khrushchëv"
    assert bgn_pcgn("Соединённые") == "Soyedinënnyye"


def test_scholarly_uses_one_letter_per_cyrillic_letter() -> None:
    assert scholarly("Хрущёв") == "Xruščëv"
    assert scholarly("Юрий Щукин") == "Jurij Ščukin"


def test_all_caps_cyrillic_stays_all_caps() -> None:
    assert bgn_pcgn("ЩУКИН") == "SHCHUKIN"
    assert bgn_pcgn("Щукин") == "Shchukin"


def test_to_latin_handles_greek_arabic_and_homoglyphs() -> None:
    assert to_latin("Βενιζέλος").lower() == "venizelos"
    assert to_latin("محمد")  # some Latin, never a crash or an empty key
    # A Cyrillic "Р" inside a Latin word is read as the Latin letter it imitates.
    assert to_latin("Рutin") == "Putin"


def test_name_tokens_drop_honorifics_possessives_and_suffixes() -> None:
    assert name_tokens("Dr. Syarhey Aleynyk's") == ["syarhey", "aleynyk"]
    assert name_tokens("W. Mark Felt Sr.") == ["w", "mark", "felt"]
    assert name_tokens("José Rodríguez") == ["jose", "rodriguez"]
    assert name_tokens("Mr.") == ["mr"]  # a title alone is kept rather than emptied


def test_phonetic_key_meets_common_romanisation_variants() -> None:
    pairs = [("toqaev", "tokayev"), ("pashinian", "pashinyan"), ("safarian", "safaryan"),
             ("aleynyk", "aleinik"), ("dmitrij", "dmitry"), ("jurij", "yuri")]  # fmt: skip
    for a, b in pairs:
        assert phonetic_key(a) == phonetic_key(b), (a, b)


def test_similarity_across_scripts_and_vowel_variants() -> None:
    assert token_similarity("Лукашенко", "Lukashenka") > 0.9
    assert token_similarity("Lukašenko", "Lukashenko") == 1.0
    assert token_similarity("Putin", "Peskov") < 0.5


def test_acronyms() -> None:
    assert is_acronym("CSTO") and is_acronym("U.S.") and not is_acronym("Csto") and not is_acronym("A")
    full = NameForm.of("Collective Security Treaty Organization")
    assert acronym_of(NameForm.of("CSTO"), full)
    assert not acronym_of(NameForm.of("NATO"), full)


def test_one_token_and_empty_names_do_not_crash() -> None:
    assert NameForm.of("Madonna").keys == ("madona",)
    assert NameForm.of("…").keys == ()
    assert token_similarity("", "Putin") == 0.0
