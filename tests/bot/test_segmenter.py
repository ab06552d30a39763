from __future__ import annotations

from bot.segmenter import Segmenter, write_user_dictionary


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


def test_subject_words_are_nouns_without_question_words() -> None:
    segmenter = Segmenter([])
    assert segmenter.subject_words("养一只狗一个月要花多少钱") == ["狗"]
    assert segmenter.subject_words("大概多少天能拿到") == []


def test_a_dictionary_word_made_of_question_words_is_content() -> None:
    assert "个税" in Segmenter(["个税"]).content_tokens("个税可以分期交吗")
    assert "个税" not in Segmenter([]).content_tokens("个税可以分期交吗")
