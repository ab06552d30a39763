from __future__ import annotations

import pytest

from bot.text import Segmenter, compact, normalise, parse_choice, write_user_dictionary


def test_normalise_full_width_and_spaces() -> None:
    assert normalise("  ＡＢＣ　１２３  身份证 ") == "abc 123 身份证"
    assert compact("身份证，户口本！ ok") == "身份证户口本ok"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1", 1),
        ("２", 2),
        ("第二个", 2),
        ("选3", 3),
        ("回复1", 1),
        ("我选第一个", 1),
        ("二", 2),
        ("3号", 3),
        ("十", 10),
    ],
)
def test_numbered_replies(text: str, number: int) -> None:
    assert parse_choice(text) == number


@pytest.mark.parametrize("text", ["身份证", "我有1张照片", "", "0", "一共三份材料"])
def test_not_a_choice(text: str) -> None:
    assert parse_choice(text) is None


def test_catalogue_words_stay_whole() -> None:
    segmenter = Segmenter(["身份证丢了", "居民户口簿"])
    assert "身份证丢了" in segmenter.tokens("我的身份证丢了怎么办")
    assert segmenter.content_tokens("那要多少钱？") == []


def test_user_dictionary_is_written_once(tmp_path) -> None:
    path = write_user_dictionary(["结婚登记", "户口本", "证"], tmp_path)
    assert path.read_text(encoding="utf-8").splitlines() == ["户口本 50000 n", "结婚登记 50000 n"]
    modified = path.stat().st_mtime_ns
    write_user_dictionary(["户口本", "结婚登记"], tmp_path)
    assert path.stat().st_mtime_ns == modified
