from __future__ import annotations

from bot.catalogue.importer.codes import Area
from bot.catalogue.importer.regions import ancestors, layout

AREAS = {
    code: Area(code, name)
    for code, name in {
        "440000": "广东省",
        "440100": "广州市",
        "440103": "荔湾区",
        "440300": "深圳市",
        "330000": "浙江省",
    }.items()
}


def test_the_hierarchy_is_in_the_code() -> None:
    assert ancestors("440000") == []
    assert ancestors("440100") == ["440000"]
    assert ancestors("440103") == ["440100", "440000"]


def test_the_top_is_the_smallest_region_holding_every_item() -> None:
    found = layout({"440103", "440300"}, AREAS)
    assert found is not None and found.top.name == "广东省"
    assert [(area.name, within) for area, within in found.smaller] == [
        ("广州市", "广东省"),  # no item of its own, but 荔湾区 lies within it
        ("荔湾区", "广州市"),
        ("深圳市", "广东省"),
    ]


def test_a_city_import_has_the_city_on_top() -> None:
    found = layout({"440100", "440103"}, AREAS)
    assert found is not None and found.top.name == "广州市"
    assert [(area.name, within) for area, within in found.smaller] == [("荔湾区", "广州市")]


def test_a_county_missing_from_the_code_list_lies_in_its_nearest_known_region() -> None:
    areas = {c: a for c, a in AREAS.items() if c != "440100"}
    found = layout({"440000", "440103"}, areas)
    assert found is not None and [(a.name, w) for a, w in found.smaller] == [("荔湾区", "广东省")]


def test_two_provinces_have_no_top() -> None:
    assert layout({"440100", "330000"}, AREAS) is None
