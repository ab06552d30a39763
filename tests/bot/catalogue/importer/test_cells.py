from __future__ import annotations

import pytest

from bot.catalogue.importer.cells import damage


@pytest.mark.parametrize(
    "text",
    [
        "你好世界".encode("gbk").decode("latin-1"),
        "你好世界".encode().decode("latin-1"),
        "中文".encode().decode("cp1252", errors="replace"),
        "锟斤拷",
        "居民身份证\ufffd",
    ],
)
def test_damaged_text(text: str) -> None:
    assert damage(text)


@pytest.mark.parametrize("text", ["××市××区", "——“测试”……", "Café Müller", "温度 25°C ±2", "阿卜杜拉·买买提", "¥20"])
def test_text_that_only_looks_unusual(text: str) -> None:
    assert damage(text) is None


def test_the_reason_says_what_the_text_meant() -> None:
    assert "'你好世界'" in (damage("你好世界".encode("gbk").decode("latin-1")) or "")
