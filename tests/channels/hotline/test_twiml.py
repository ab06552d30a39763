"""TwiML documents, compared as exact strings."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from channels.hotline import twiml

VOICE = twiml.Voice("Polly.Zhiyu", "90%")


def test_listen_is_mandarin_speech_and_keys_with_hints() -> None:
    assert twiml.listen("您好", "/webhooks/hotline/gather?step=1", VOICE, ["护照", "居住证"]) == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        '<Gather action="/webhooks/hotline/gather?step=1" hints="护照,居住证" input="speech dtmf" language="zh-CN" '
        'method="POST" numDigits="1" speechTimeout="auto" timeout="6">'
        '<Say language="cmn-CN" voice="Polly.Zhiyu"><prosody rate="90%">您好</prosody></Say></Gather>'
        '<Redirect method="POST">/webhooks/hotline/gather?step=1</Redirect></Response>'
    )


def test_transfer_dials_the_operator_or_joins_the_queue() -> None:
    say = '<Say language="cmn-CN" voice="Polly.Zhiyu"><prosody rate="90%">转接</prosody></Say>'
    head = '<?xml version="1.0" encoding="UTF-8"?><Response>'
    assert twiml.transfer("转接", VOICE, "+8657100000000", None) == (
        f'{head}{say}<Dial timeout="30">+8657100000000</Dial></Response>'
    )
    assert twiml.transfer("转接", VOICE, None, "operators") == f"{head}{say}<Enqueue>operators</Enqueue></Response>"


def test_hold_and_goodbye() -> None:
    assert twiml.hold("请稍等", "/g?step=3", VOICE).endswith(
        '<Pause length="1" /><Redirect method="POST">/g?step=3</Redirect></Response>'
    )
    assert twiml.goodbye("再见", VOICE).endswith("</Say><Hangup /></Response>")


def test_characters_xml_cannot_carry_are_not_said() -> None:
    """ElementTree writes control characters as they are; Twilio would refuse the document."""
    document = twiml.listen("材料\x00清单\x0b。", "/g?step=1", VOICE, [])
    assert '<prosody rate="90%">材料清单。</prosody>' in document
    assert ET.fromstring(document).tag == "Response"
