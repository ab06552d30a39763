"""The words an operator reads at the top of a handover."""

from __future__ import annotations

from console.labels import summary_lines


def test_summary_lines_say_what_they_wanted_have_lack_and_why() -> None:
    record = {
        "services": ["结婚登记"],
        "asked": "办结婚要带什么\n转人工",
        "held": ["居民身份证"],
        "missing": ["户口簿"],
        "answers": {"是否代办？": False},
        "reason": "not_understood",
    }
    assert summary_lines(record) == [
        ("想办的事", "结婚登记；最后说的是：“转人工”"),
        ("已有材料", "居民身份证"),
        ("还缺材料", "户口簿"),
        ("情况说明", "是否代办：否"),
        ("转人工原因", "连续未理解"),
    ]
