"""The Rasa side of the WeChat channel: what a citizen types reaches the tracker masked."""

from __future__ import annotations

from rasa.core.channels.channel import UserMessage

from bot.settings import load_settings
from channels.wechat.channel import WeChatInput

ID_NUMBER = "11010519491231002X"


async def test_the_channel_masks_personal_numbers_before_rasa_sees_them() -> None:
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    ask = WeChatInput(load_settings({})).asker(on_new_message)
    await ask("o_citizen", f"我的身份证号是{ID_NUMBER}，手机13812345678")
    assert received[0].text == "我的身份证号是110105********002X，手机138****5678"
    assert received[0].input_channel == "wechat"
