from __future__ import annotations

from bot.checklist import check_materials, find_materials


def test_aliases_map_to_glossary_ids(catalogue) -> None:
    stated = find_materials("我有身份证和户口本，还缺什么？", catalogue)
    assert stated.held == ["id-card", "hukou-book"]
    assert stated.unknown == [] and stated.lacking == []


def test_longest_alias_wins(catalogue) -> None:
    assert find_materials("带了代办人身份证", catalogue).held == ["agent-id-card"]


def test_words_not_in_the_glossary_are_named_back(catalogue) -> None:
    stated = find_materials("我有身份证、房本和户口本", catalogue)
    assert stated.held == ["id-card", "hukou-book"]
    assert stated.unknown == ["房本"]


def test_negated_materials_are_not_held(catalogue) -> None:
    stated = find_materials("我没有户口本，只有身份证", catalogue)
    assert stated.held == ["id-card"] and stated.lacking == ["hukou-book"]


def test_ignored_service_words_are_not_materials(catalogue) -> None:
    stated = find_materials("领结婚证我有身份证", catalogue, ignore=["领结婚证"])
    assert stated.held == ["id-card"] and stated.unknown == []


def test_complete_when_everything_unconditional_is_held(catalogue) -> None:
    result = check_materials(catalogue.services["t-id-replacement"], ["hukou-book"], {})
    assert result.complete and result.missing == []


def test_shared_material_need_not_be_brought(catalogue) -> None:
    result = check_materials(catalogue.services["t-id-renewal"], ["id-card"], {"minor": False})
    assert result.complete
    assert [r.ref for r in result.shared] == ["photo"]


def test_question_asked_only_when_it_changes_the_result(catalogue) -> None:
    renewal = catalogue.services["t-id-renewal"]
    asked = check_materials(renewal, ["id-card"], {})
    assert asked.open_questions == ["minor"] and not asked.complete
    # Already holding the conditional document: the answer cannot change anything.
    not_asked = check_materials(renewal, ["id-card", "hukou-book"], {})
    assert not_asked.open_questions == [] and not_asked.complete


def test_answer_decides_conditional_materials(catalogue) -> None:
    renewal = catalogue.services["t-id-renewal"]
    minor = check_materials(renewal, ["id-card"], {"minor": True})
    assert [r.ref for r in minor.missing] == ["hukou-book"]
    adult = check_materials(renewal, ["id-card", "hukou-book"], {"minor": False})
    assert adult.complete and adult.not_needed == ["hukou-book"]


def test_optional_and_not_needed(catalogue) -> None:
    marriage = catalogue.services["t-marriage"]
    result = check_materials(marriage, ["id-card", "hukou-book"], {"agent": False})
    assert result.complete
    assert [r.ref for r in result.optional] == ["photo"]
    assert result.not_needed == ["hukou-book"]


def test_traditional_characters_and_homophone_typos_are_understood(catalogue) -> None:
    assert find_materials("我有身份證和戶口簿", catalogue).held == ["id-card", "hukou-book"]
    assert find_materials("身分证和户口本都带了", catalogue).held == ["id-card", "hukou-book"]
    assert find_materials("还有结昏证", catalogue).held == ["marriage-certificate"]
