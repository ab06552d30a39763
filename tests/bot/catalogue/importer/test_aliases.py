from __future__ import annotations

from bot.catalogue.importer.aliases import choose_aliases, split_names


def test_names_are_split_on_commas_not_inside_brackets_nor_on_enumeration_commas() -> None:
    assert split_names("注销律师证,律师证注销") == ["注销律师证", "律师证注销"]
    assert split_names("专职 律师 执业") == ["专职律师执业"]
    assert split_names("香港、澳门律所联营；债权文书(各种借据，欠单)公证") == [
        "香港、澳门律所联营",
        "债权文书(各种借据，欠单)公证",
    ]
    assert split_names("“户口页，借出”") == ["户口页，借出"]  # quoted: one name


def test_an_alias_must_name_its_item_alone() -> None:
    names = {
        "a": "建设工程规划许可证核发",
        "b": "建设用地规划许可证核发",
        "c": "海洋功能区划政策咨询",
        "d": "渔业政策咨询",
    }
    proposed = {
        "a": ["建工证", "规划许可证", "变更", "新申请", "建设工程规划许可证核发"],
        "b": ["用地证", "规划许可证"],
        "c": ["政策咨询", "公证处"],
        "d": [],
    }
    chosen, dropped = choose_aliases(proposed, names, ["新申请"])
    # 规划许可证: two items; 变更: too short; 新申请: generic; the name itself: nothing to add
    assert chosen["a"] == ["建工证"] and chosen["b"] == ["用地证"]
    # 政策咨询 is in another item's name; 公证处 shares nothing with the name
    assert chosen["c"] == []
    assert dropped == {"names several items": 3, "generic or too short": 2, "not a name of the item": 1}
