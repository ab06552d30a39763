"""TwiML documents as pure functions of what to say and where to go next.

Built with twilio's VoiceResponse; tests compare the exact strings. Mandarin everywhere:
`<Gather language="zh-CN">` so Twilio listens for Mandarin, a Mandarin voice for `<Say>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from twilio.twiml.voice_response import VoiceResponse

LISTEN_SECONDS = 6
# What XML 1.0 cannot carry: ElementTree writes it anyway, and Twilio rejects the whole document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Voice:
    name: str = "Polly.Zhiyu"
    rate: str = "90%"


def _say(parent: VoiceResponse, text: str, voice: Voice) -> None:
    """Control characters in the bot's text cannot be heard: dropped, so the TwiML stays valid."""
    say = parent.say("", voice=voice.name, language="cmn-CN")
    say.prosody(_NOT_XML.sub("", text), rate=voice.rate)


def listen(text: str, action: str, voice: Voice, hints: list[str]) -> str:
    """Say `text`, then listen for speech or one key; with no answer, go to `action` with no input."""
    response = VoiceResponse()
    gather = response.gather(
        input="speech dtmf",
        language="zh-CN",
        action=action,
        method="POST",
        hints=",".join(hints[:100]),
        speech_timeout="auto",
        num_digits=1,
        timeout=LISTEN_SECONDS,
    )
    _say(gather, text, voice)
    response.redirect(action, method="POST")
    return str(response)


def hold(text: str, action: str, voice: Voice) -> str:
    """A holding phrase, then come back: the bot is still working and the call must not drop."""
    response = VoiceResponse()
    _say(response, text, voice)
    response.pause(length=1)
    response.redirect(action, method="POST")
    return str(response)


def transfer(text: str, voice: Voice, number: str | None, queue: str | None) -> str:
    """Say `text`, then reach a person: dial the operator number, else join the queue."""
    response = VoiceResponse()
    _say(response, text, voice)
    if number:
        response.dial(number, timeout=30)
    elif queue:
        response.enqueue(queue)
    return str(response)


def goodbye(text: str, voice: Voice) -> str:
    response = VoiceResponse()
    _say(response, text, voice)
    response.hangup()
    return str(response)
