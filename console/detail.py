"""One handover: the page (summary, transcript, actions), the actions and the exports.

Actions that change what the bot does (take over = pause, resolve = resume) tell Rasa first and
change the record only when Rasa accepted, so the record never claims the bot is silent while
it is still answering. An operator's reply goes to the citizen as written and is never logged.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sanic import Sanic
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse, text

from bot.handover import store
from bot.handover.model import MAX_TEXT, Status
from bot.handover.transcript import operator_event
from bot.state import RatingRequest, encode
from console.auth import Session
from console.exports import export_json, export_text
from console.labels import summary_lines
from console.rasa_api import ConversationsUnavailable
from console.web import Console, is_record_id, logger, see_other

RATING_INVITATION = "您的问题已处理完毕。请为本次服务打分：回复1到5的数字（5分为非常满意）。"
NOTICES = {
    "assigned": "已接手，助手已暂停对该市民的自动应答。",
    "noted": "备注和标签已保存。",
    "replied": "回复已发送给市民。",
    "replied_unrecorded": "回复已发送给市民，但未能写入对话记录（对话服务暂时无法连接）。",
    "resolved": "已办结，助手已恢复应答。",
    "resolved_rated": "已办结，助手已恢复应答，并已向市民发送评价邀请。",
    "rating_failed": "已办结，助手已恢复应答；但评价邀请未能发送给市民。",
    "rating_unrecorded": "已办结并发送了评价邀请，但未能写入对话记录，市民的评分可能无法识别。",
    "called_back": "已记录回电。",
}
SEND_FAILED = "消息未能发送给市民（微信接口失败），未记入对话，请稍后重试。"
_TAG_SEPARATORS = re.compile(r"[,，、;；]")


def _user(request: Request) -> str:
    session: Session = request.ctx.session
    return session.user


def _back(handover_id: int, notice: str) -> HTTPResponse:
    return see_other(f"/handovers/{handover_id}?notice={notice}")


def can_reply(console: Console, record: dict[str, Any]) -> bool:
    return record["channel"] == "wechat" and console.send is not None


def register(app: Sanic, console: Console) -> None:
    async def load(handover_id: int) -> dict[str, Any]:
        if not is_record_id(handover_id):
            raise NotFound("no such handover")
        record = await console.db(store.get_handover, console.engine, handover_id)
        if record is None:
            raise NotFound("no such handover")
        return record

    async def page(
        request: Request, record: dict[str, Any], status: int = 200, error: str = "", draft: str = ""
    ) -> HTTPResponse:
        lines = await console.transcript_of(record["conversation_id"])
        shown = {key: value for key, value in record.items() if key != "conversation_id"}
        return console.render(
            request,
            "handover.html",
            status,
            record=shown,
            summary=summary_lines(record),
            lines=lines,
            notice=NOTICES.get(request.args.get("notice", "")) if status == 200 else None,
            error=error,
            draft=draft,
            can_reply=can_reply(console, record),
        )

    async def deliver(record: dict[str, Any], message: str) -> bool:
        """False, never an exception: the operator must learn the message did not go out."""
        if console.send is None:
            return False
        try:
            return await console.send(record["conversation_id"], message, record["citizen_ref"])
        except Exception as exc:  # the sender is another package's code; any failure means "not sent"
            logger.error("sending to %s failed: %s", record["citizen_ref"], exc.__class__.__name__)
            return False

    async def in_transcript(record: dict[str, Any], events: list[dict[str, Any]]) -> bool:
        """After a message went out: False when Rasa could not record it (the citizen has it anyway)."""
        try:
            await console.conversations.append(record["conversation_id"], events)
        except ConversationsUnavailable:
            return False
        return True

    @app.get("/handovers/<handover_id:int>")
    async def detail(request: Request, handover_id: int) -> HTTPResponse:
        return await page(request, await load(handover_id))

    @app.post("/handovers/<handover_id:int>/assign")
    async def assign(request: Request, handover_id: int) -> HTTPResponse:
        record = await load(handover_id)
        if record["status"] == Status.RESOLVED.value:
            return await page(request, record, 409, "该转接已办结，不能再接手。")
        await console.conversations.append(record["conversation_id"], [{"event": "pause"}])
        await console.db(store.assign, console.engine, handover_id, _user(request))
        logger.info("handover %s assigned to %s", handover_id, _user(request))
        return _back(handover_id, "assigned")

    @app.post("/handovers/<handover_id:int>/notes")
    async def notes(request: Request, handover_id: int) -> HTTPResponse:
        record = await load(handover_id)
        written = (request.form.get("notes") or "").strip()
        if len(written) > MAX_TEXT:
            return await page(request, record, 400, f"备注不能超过{MAX_TEXT}个字。")
        tags = _TAG_SEPARATORS.split(request.form.get("tags") or "")
        await console.db(store.annotate, console.engine, handover_id, written, tags)
        return _back(handover_id, "noted")

    @app.post("/handovers/<handover_id:int>/reply")
    async def reply(request: Request, handover_id: int) -> HTTPResponse:
        record = await load(handover_id)
        message = (request.form.get("text") or "").strip()
        if not can_reply(console, record):
            return await page(request, record, 409, "该渠道不支持在线回复。")
        if record["status"] != Status.ASSIGNED.value:
            return await page(request, record, 409, "请先接手该转接，再回复市民。", message)
        if not message or len(message) > MAX_TEXT:
            return await page(request, record, 400, f"回复内容不能为空，且不超过{MAX_TEXT}个字。", message)
        if not await deliver(record, message):
            return await page(request, record, 502, SEND_FAILED, message)
        logger.info("handover %s: %s replied", handover_id, _user(request))
        recorded = await in_transcript(record, [operator_event(message, _user(request))])
        return _back(handover_id, "replied" if recorded else "replied_unrecorded")

    @app.post("/handovers/<handover_id:int>/resolve")
    async def resolve(request: Request, handover_id: int) -> HTTPResponse:
        record = await load(handover_id)
        outcome = (request.form.get("outcome") or "").strip()
        if record["status"] == Status.RESOLVED.value:
            return await page(request, record, 409, "该转接已经办结。")
        if not outcome or len(outcome) > MAX_TEXT:
            return await page(request, record, 400, f"请填写办理结果（不超过{MAX_TEXT}个字）。")
        await console.conversations.append(record["conversation_id"], [{"event": "resume"}])
        await console.db(store.resolve, console.engine, handover_id, outcome, _user(request))
        logger.info("handover %s resolved by %s", handover_id, _user(request))
        if not can_reply(console, record):
            return _back(handover_id, "resolved")
        if not await deliver(record, RATING_INVITATION):
            return _back(handover_id, "rating_failed")
        pending = {"event": "slot", "name": "pending", "value": encode(RatingRequest(handover_id))}
        recorded = await in_transcript(record, [operator_event(RATING_INVITATION, _user(request)), pending])
        return _back(handover_id, "resolved_rated" if recorded else "rating_unrecorded")

    @app.post("/handovers/<handover_id:int>/called-back")
    async def called_back(request: Request, handover_id: int) -> HTTPResponse:
        record = await load(handover_id)
        if record["channel"] != "hotline" or not record["callback_phone"]:
            return await page(request, record, 409, "该转接没有需要回电的号码。")
        await console.db(store.mark_called_back, console.engine, handover_id)
        return _back(handover_id, "called_back")

    @app.get("/handovers/<handover_id:int>/export.txt")
    async def export_txt(request: Request, handover_id: int) -> HTTPResponse:
        record = await load(handover_id)
        body = export_text(record, await console.transcript_of(record["conversation_id"]))
        return text(body, headers={"Content-Disposition": f'attachment; filename="handover-{handover_id}.txt"'})

    @app.get("/handovers/<handover_id:int>/export.json")
    async def export_json_file(request: Request, handover_id: int) -> HTTPResponse:
        record = await load(handover_id)
        body = json.dumps(
            export_json(record, await console.transcript_of(record["conversation_id"])), ensure_ascii=False, indent=2
        )
        return text(
            body,
            content_type="application/json; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="handover-{handover_id}.json"'},
        )
