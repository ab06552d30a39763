from __future__ import annotations

import pytest

from bot.text import ascii_number, chinese_number, clean_for_understanding, compact, normalise, parse_choice, syllables


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


def test_traditional_becomes_simplified() -> None:
    assert normalise("辦身份證要帶什麼") == "办身份证要带什么"


@pytest.mark.parametrize(
    ("numeral", "value"), [("六十", 60), ("十五", 15), ("两", 2), ("一百二十", 120), ("一二", None)]
)
def test_chinese_numbers(numeral: str, value: int | None) -> None:
    assert chinese_number(numeral) == value


def test_numerals_become_digits_only_before_a_measure_word() -> None:
    assert normalise("两张照片，六十岁，第三个") == "2张照片,60岁,第3个"
    assert normalise("一下") == "一下"


def test_speech_fillers_and_spaces_removed() -> None:
    assert clean_for_understanding("嗯 那个 我想 办 护照 就是") == "我想办护照"
    assert clean_for_understanding("那个证件要带吗") == "那个证件要带吗"
    assert clean_for_understanding("I need a passport") == "i need a passport"
    assert clean_for_understanding("差 两个月 满 六岁") == "差2个月满6岁"


def test_homophones_share_syllables() -> None:
    assert syllables("身分证") == syllables("身份证") == ["shen", "fen", "zheng"]
    assert syllables("A证") == ["A", "zheng"]


def test_cantonese_negation_is_not_a_filler() -> None:
    assert clean_for_understanding("唔系") == "唔系"  # "no": dropping 唔 would turn it into "yes"
    assert "唔该" in clean_for_understanding("唔该帮我转人工") and clean_for_understanding("我唔知") == "我唔知"
    assert clean_for_understanding("唔 我想办护照") == "我想办护照"


def test_spoken_numerals_split_by_recognition_spaces_become_digits() -> None:
    assert clean_for_understanding("嗯 第 三 个") == "第3个"
    assert clean_for_understanding("要 十五 个 工作日 吗") == "要15个工作日吗"


def test_ascii_numbers_only_within_their_length() -> None:
    assert ascii_number("42", 3) == 42 and ascii_number("007", 3) == 7
    assert ascii_number("1234", 3) is None and ascii_number("", 3) is None
    assert ascii_number("²", 3) is None and ascii_number("٣", 3) is None and ascii_number("1 ", 3) is None


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("身份证丢了要带啥西伐", "身份证丢了要带什么吗"),
        ("阿拉屋里厢小囡要上户口", "我们家里孩子要上户口"),
        ("伊十四岁", "他14岁"),
        ("办护照几钿", "办护照多少钱"),
        ("护照哪能办", "护照怎么办"),
        ("冇身份证点样办", "没有身份证怎样办"),
        ("勿晓得要带啥", "不知道要带啥"),
    ],
)
def test_wu_and_cantonese_words_read_as_mandarin(said: str, meant: str) -> None:
    assert normalise(said) == meant


@pytest.mark.parametrize("word", ["采伐许可证", "步伐", "伐木", "伊犁", "新疆伊宁"])
def test_dialect_letters_inside_other_words_stay(word: str) -> None:
    assert normalise(word) == word
