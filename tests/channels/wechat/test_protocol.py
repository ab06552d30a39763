"""The pure protocol functions, with wechatpy's own signer as the reference."""

from __future__ import annotations

import pytest
from wechatpy.utils import WeChatSigner

from channels.wechat.protocol import (
    ProtocolError,
    check_signature,
    inbound,
    numbered,
    parse_xml,
    split_text,
    text_reply,
)

NOW = 1_800_000_000


def wechat_signature(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def test_signature_matches_wechatpy_and_is_checked_for_freshness() -> None:
    good = wechat_signature("tok", str(NOW), "n1")
    check_signature("tok", good, str(NOW), "n1", now=NOW + 10)
    with pytest.raises(ProtocolError, match="bad signature"):
        check_signature("other-token", good, str(NOW), "n1", now=NOW)
    with pytest.raises(ProtocolError, match="stale"):
        check_signature("tok", good, str(NOW), "n1", now=NOW + 301)
    for missing in [(None, str(NOW), "n1"), (good, None, "n1"), (good, str(NOW), None), (good, "abc", "n1")]:
        with pytest.raises(ProtocolError) as caught:
            check_signature("tok", *missing, now=NOW)
        assert caught.value.status == 403


@pytest.mark.parametrize(
    "timestamp", ["²", "١٨٠٠٠٠٠٠٠٠", "9" * 400, "9" * 5000], ids=["superscript", "arabic", "400", "5000"]
)
def test_a_timestamp_of_anything_but_ascii_digits_is_a_403_not_a_crash(timestamp: str) -> None:
    """str.isdigit() accepts all of these; int() refuses "²" and 5000 digits; 400 digits overflow a
    float clock (time.time()); WeChat sends ASCII digits only."""
    with pytest.raises(ProtocolError) as caught:
        check_signature("tok", wechat_signature("tok", timestamp, "n1"), timestamp, "n1", now=NOW + 0.5)
    assert caught.value.status == 403


def test_a_non_ascii_signature_is_a_bad_signature_not_a_crash() -> None:
    with pytest.raises(ProtocolError, match="bad signature"):
        check_signature("tok", "签名", str(NOW), "n1", now=NOW)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"<xml><a>1</a>", 400),
        (b"not xml at all", 400),
        (b"<root><a>1</a></root>", 400),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>', 400),
        (b'<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><c>&b;</c></xml>', 400),
        (b"<xml>" + b"a" * 70_000 + b"</xml>", 413),
    ],
    ids=["unclosed", "text", "wrong-root", "xxe", "billion-laughs", "huge"],
)
def test_bad_bodies_are_refused_with_4xx(body: bytes, status: int) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_xml(body)
    assert caught.value.status == status


def test_message_fields_and_dedupe_keys() -> None:
    text = inbound(
        parse_xml(
            b"<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
            b"<MsgType>text</MsgType><Content> hi </Content><MsgId>42</MsgId></xml>"
        )
    )
    assert (text.kind, text.text, text.dedupe_key) == ("text", "hi", "msg:42")
    voice = inbound(
        {"ToUserName": "gh", "FromUserName": "o1", "MsgType": "voice", "Recognition": "办护照", "MsgId": "7"}
    )
    assert voice.text == "办护照"
    event = inbound(
        {"ToUserName": "gh", "FromUserName": "o1", "MsgType": "event", "Event": "subscribe", "CreateTime": "5"}
    )
    assert event.dedupe_key == "event:o1:5"
    with pytest.raises(ProtocolError):
        inbound({"ToUserName": "gh", "MsgType": "text"})


def test_text_reply_is_exact_and_cdata_safe() -> None:
    message = inbound({"ToUserName": "gh_acc", "FromUserName": "o_user", "MsgType": "text", "Content": "x"})
    assert text_reply(message, "材料]]>齐全", now=1234) == (
        "<xml><ToUserName><![CDATA[o_user]]></ToUserName><FromUserName><![CDATA[gh_acc]]></FromUserName>"
        "<CreateTime>1234</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        "<Content><![CDATA[材料]]]]><![CDATA[>齐全]]></Content></xml>"
    )


def test_long_text_is_split_on_lines_and_characters_within_2048_bytes() -> None:
    lines = [f"{i}. 居民身份证（原件，1份）——须本人到场采集相片和指纹信息" for i in range(80)]
    pieces = split_text("\n".join(lines))
    assert len(pieces) > 1 and all(len(p.encode("utf-8")) <= 2048 for p in pieces)
    assert "\n".join(pieces) == "\n".join(lines)  # cut only between lines
    one_line = "证" * 1500  # 4500 bytes, no line break
    pieces = split_text(one_line)
    assert "".join(pieces) == one_line and all(len(p.encode("utf-8")) <= 2048 for p in pieces)


def test_buttons_become_numbered_lines() -> None:
    assert numbered("请问是否代办？", ["是", "不是"]) == "请问是否代办？\n1. 是\n2. 不是"
    listed = "您要办理的是哪一项？\n1. 护照\n2. 港澳通行证"
    assert numbered(listed, ["1. 护照", "2. 港澳通行证"]) == listed
