"""`make wechat-menu`: prints the official account's menu JSON; with WECHAT_APPID and
WECHAT_SECRET set, also creates it through the menu API.

The CLICK keys are the ones the channel maps to intents (channels.wechat.endpoint.MENU).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from wechatpy.exceptions import WeChatException

from bot.settings import load_settings

MENU: dict[str, Any] = {
    "button": [
        {"type": "click", "name": "查材料", "key": "MATERIALS"},
        {"type": "click", "name": "材料自查", "key": "CHECK"},
        {"type": "click", "name": "转人工", "key": "HUMAN"},
    ]
}


def main() -> int:
    print(json.dumps(MENU, ensure_ascii=False, indent=2))
    settings = load_settings()
    wechat = settings.wechat
    if not wechat.can_send:
        print("(WECHAT_APPID and WECHAT_SECRET are not set: menu printed, not created)", file=sys.stderr)
        return 0
    from channels.wechat.customer_service import CustomerService

    try:
        # the running servers' token (REDIS_URL): a token of its own would invalidate theirs
        CustomerService(wechat, settings.redis_url).create_menu(MENU)
    except WeChatException as exc:
        print(f"menu not created: WeChat answered {exc.errcode} {exc.errmsg}", file=sys.stderr)
        return 1
    print("menu created", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
