"""Follow-ups and outcome reports in SQL, and the figures the console shows from them.

A follow-up is offered with every checklist; it is asked only after the citizen consents, and
never after they withdraw. An outcome keeps the checklist we had given, so that a citizen sent
back for something can be traced to our answer: when the material is one our checklist did not
name, the item and material become a catalogue problem for the maintainers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from bot.outcomes.model import Report, Trips
from bot.outcomes.tables import followups, numbers, outcomes, problems
from bot.outcomes.window import REPLY_WITHIN

SAME_TRIP = dt.timedelta(days=14)  # a second report about the same item within this is the same trip
OPEN = ("offered", "consented", "asked")
PROBLEM_STATUSES = ("new", "checked", "fixed")


def offer(
    engine: Engine,
    *,
    channel: str,
    conversation_id: str,
    citizen_ref: str,
    item: str,
    region: str,
    checklist: str,
    now: dt.datetime,
) -> int:
    """The checklist just given, with the follow-up offered for it (asked only once consented)."""
    row = {
        "created_at": now,
        "channel": channel,
        "conversation_id": conversation_id,
        "citizen_ref": citizen_ref,
        "item": item,
        "region": region,
        "checklist": checklist,
        "status": "offered",
        "last_message_at": now,
    }
    with engine.begin() as conn:
        return int(conn.execute(insert(followups).values(**row)).inserted_primary_key[0])


def _latest(conn: Connection, citizen_ref: str, statuses: tuple[str, ...]) -> dict[str, Any] | None:
    row = conn.execute(
        select(followups)
        .where(followups.c.citizen_ref == citizen_ref, followups.c.status.in_(statuses))
        .order_by(followups.c.id.desc())
        .limit(1)
    ).first()
    return dict(row._mapping) if row else None


def answer_offer(engine: Engine, citizen_ref: str, consented: bool, now: dt.datetime) -> bool:
    """The citizen's yes or no to the latest offer; False when there is none to answer."""
    with engine.begin() as conn:
        latest = _latest(conn, citizen_ref, ("offered",))
        if latest is None:
            return False
        values = {"status": "consented", "consented_at": now} if consented else {"status": "declined"}
        conn.execute(update(followups).where(followups.c.id == latest["id"]).values(**values))
        if not consented:
            _forget_number(conn, select(followups.c.id).where(followups.c.id == latest["id"]))
        return True


def withdraw(engine: Engine, citizen_ref: str) -> int:
    """ "不用问了": no follow-up is asked of this citizen again."""
    with engine.begin() as conn:
        _forget_number(conn, select(followups.c.id).where(followups.c.citizen_ref == citizen_ref))
        result = conn.execute(
            update(followups)
            .where(followups.c.citizen_ref == citizen_ref, followups.c.status.in_(OPEN))
            .values(status="withdrawn")
        )
        return int(result.rowcount)


def touch(engine: Engine, citizen_ref: str, now: dt.datetime) -> None:
    """The citizen wrote: WeChat lets us write back for 48 hours from now."""
    with engine.begin() as conn:
        conn.execute(
            update(followups)
            .where(followups.c.citizen_ref == citizen_ref, followups.c.status.in_(OPEN))
            .values(last_message_at=now)
        )


def due(engine: Engine, now: dt.datetime, delay: dt.timedelta) -> list[dict[str, Any]]:
    """Consented follow-ups not asked yet whose citizen has had `delay` to go to the office."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(followups)
            .where(
                followups.c.status == "consented",
                followups.c.asked_at.is_(None),
                followups.c.consented_at <= now - delay,
            )
            .order_by(followups.c.id)
        )
        return [dict(r._mapping) for r in rows]


def mark_asked(engine: Engine, followup_id: int, now: dt.datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(followups).where(followups.c.id == followup_id).values(status="asked", asked_at=now))
        _forget_number(conn, select(followups.c.id).where(followups.c.id == followup_id))


def expire(engine: Engine, followup_id: int) -> None:
    """Too late to ask (WeChat's 48 hours, or the SMS's week, have passed)."""
    with engine.begin() as conn:
        conn.execute(update(followups).where(followups.c.id == followup_id).values(status="expired"))
        _forget_number(conn, select(followups.c.id).where(followups.c.id == followup_id))


def latest_followup(engine: Engine, citizen_ref: str, now: dt.datetime) -> dict[str, Any] | None:
    """The follow-up a report most likely answers: the latest one not withdrawn or declined, given
    within REPLY_WITHIN (a report months later is about another visit, not our checklist)."""
    with engine.connect() as conn:
        latest = _latest(conn, citizen_ref, OPEN)
    return latest if latest and latest["created_at"] >= now - REPLY_WITHIN else None


def asked_since(engine: Engine, citizen_ref: str, since: dt.datetime) -> bool:
    """Whether we asked this citizen a follow-up question since then, still unanswered."""
    with engine.connect() as conn:
        found = conn.execute(
            select(followups.c.id)
            .where(followups.c.citizen_ref == citizen_ref, followups.c.status == "asked", followups.c.asked_at >= since)
            .limit(1)
        ).first()
    return found is not None


# -- the hotline's follow-ups, asked and answered by SMS --------------------------------------


def attach_number(engine: Engine, conversation_id: str, phone: str, reply_ref: str) -> int:
    """The hotline texted the caller the checklist with the offer: the call's open follow-ups get
    the number, to ask them by SMS, and its pseudonym, to link the caller's SMS replies."""
    with engine.begin() as conn:
        ids = list(
            conn.execute(
                select(followups.c.id).where(
                    followups.c.channel == "hotline",
                    followups.c.conversation_id == conversation_id,
                    followups.c.status.in_(("offered", "consented")),
                )
            ).scalars()
        )
        known = set(conn.execute(select(numbers.c.followup_id).where(numbers.c.followup_id.in_(ids))).scalars())
        new = [{"followup_id": i, "reply_ref": reply_ref, "phone": phone[:32]} for i in ids if i not in known]
        if new:
            conn.execute(insert(numbers), new)
        return len(new)


def followup_by_number(engine: Engine, reply_ref: str, now: dt.datetime) -> dict[str, Any] | None:
    """The latest open follow-up texted to this number within REPLY_WITHIN, or None."""
    with engine.connect() as conn:
        row = conn.execute(
            select(followups)
            .join(numbers, numbers.c.followup_id == followups.c.id)
            .where(
                numbers.c.reply_ref == reply_ref,
                followups.c.status.in_(OPEN),
                followups.c.created_at >= now - REPLY_WITHIN,
            )
            .order_by(followups.c.id.desc())
            .limit(1)
        ).first()
    return dict(row._mapping) if row else None


def phone_of(engine: Engine, followup_id: int) -> str | None:
    with engine.connect() as conn:
        phone = conn.execute(select(numbers.c.phone).where(numbers.c.followup_id == followup_id)).scalar()
    return str(phone) if phone else None


def expire_unasked(engine: Engine, created_before: dt.datetime) -> int:
    """Offers never taken up and consents never asked, from before `created_before`: a question
    about a visit that long ago would puzzle the citizen, and their number need not be kept."""
    with engine.begin() as conn:
        stale = select(followups.c.id).where(
            followups.c.status.in_(("offered", "consented")), followups.c.created_at < created_before
        )
        _forget_number(conn, stale)
        return int(conn.execute(update(followups).where(followups.c.id.in_(stale)).values(status="expired")).rowcount)


def _forget_number(conn: Connection, ids: Any) -> None:
    """The number is kept only while a question may still be sent to it; its pseudonym stays."""
    conn.execute(update(numbers).where(numbers.c.followup_id.in_(ids)).values(phone=None))


def record_outcome(
    engine: Engine,
    *,
    channel: str,
    citizen_ref: str,
    item: str,
    region: str,
    report: Report,
    checklist: str,
    listed: bool,
    followup_id: int | None,
    now: dt.datetime,
) -> tuple[int, bool]:
    """(id, recorded): a second report about the same item and trip is kept once."""
    with engine.begin() as conn:
        earlier = conn.execute(
            select(outcomes.c.id).where(
                outcomes.c.citizen_ref == citizen_ref, outcomes.c.item == item, outcomes.c.created_at >= now - SAME_TRIP
            )
        ).scalar()
        if earlier is not None:
            return int(earlier), False
        row = {
            "created_at": now,
            "channel": channel,
            "citizen_ref": citizen_ref,
            "item": item,
            "region": region,
            "trips": report.trips.value,
            "cause": report.cause.value,
            "material_key": report.material_key,
            "material_text": report.material_text,
            "checklist": checklist,
            "listed": int(listed),
            "followup_id": followup_id,
        }
        outcome_id = int(conn.execute(insert(outcomes).values(**row)).inserted_primary_key[0])
        if followup_id is not None:
            conn.execute(update(followups).where(followups.c.id == followup_id).values(status="answered"))
        material = report.material_key or report.material_text
        if not listed and material:
            _note_problem(conn, item, material, now)
        return outcome_id, True


def _note_problem(conn: Connection, item: str, material: str, now: dt.datetime) -> None:
    key = and_(problems.c.item == item, problems.c.material == material)
    if conn.execute(select(problems.c.id).where(key)).scalar() is None:
        conn.execute(insert(problems).values(item=item, material=material, status="new", updated_at=now))


def list_outcomes(engine: Engine, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    query = select(outcomes).order_by(outcomes.c.created_at)
    if since is not None:
        query = query.where(outcomes.c.created_at >= since)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def one_trip_rates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per item: reports that say how many trips, how many took at most one, the rate; worst first."""
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        trips = Trips(row["trips"])
        if trips is not Trips.UNKNOWN:
            counted[row["item"]]["reports"] += 1
            counted[row["item"]]["in_one"] += int(trips.in_one)
    rates = [
        {"item": item, "reports": c["reports"], "in_one": c["in_one"], "rate": c["in_one"] / c["reports"]}
        for item, c in counted.items()
    ]
    return sorted(rates, key=lambda r: (r["rate"], -r["reports"], r["item"]))


def weekly_rates(rows: list[dict[str, Any]]) -> list[tuple[dt.date, int, int]]:
    """(Monday of the week, reports, in one trip), oldest first."""
    weeks: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for row in rows:
        trips = Trips(row["trips"])
        if trips is Trips.UNKNOWN:
            continue
        day = row["created_at"].date()
        monday = day - dt.timedelta(days=day.weekday())
        weeks[monday]["reports"] += 1
        weeks[monday]["in_one"] += int(trips.in_one)
    return [(week, c["reports"], c["in_one"]) for week, c in sorted(weeks.items())]


def ranked_causes(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Why it took more than one trip, most frequent first."""
    causes = Counter(row["cause"] for row in rows if row["cause"] != "none")
    return sorted(causes.items(), key=lambda c: (-c[1], c[0]))


def list_problems(engine: Engine) -> list[dict[str, Any]]:
    """Catalogue problems, new first, each with the reports behind it (those after a fix count again)."""
    with engine.connect() as conn:
        found = [dict(r._mapping) for r in conn.execute(select(problems).order_by(problems.c.id))]
        for problem in found:
            reports = conn.execute(
                select(outcomes)
                .where(outcomes.c.item == problem["item"], outcomes.c.listed == 0)
                .order_by(outcomes.c.created_at)
            )
            problem["reports"] = [
                dict(r._mapping) for r in reports if problem["material"] in (r.material_key, r.material_text)
            ]
    order = {status: i for i, status in enumerate(PROBLEM_STATUSES)}
    return sorted(found, key=lambda p: (order.get(p["status"], 9), -len(p["reports"]), p["id"]))


def set_problem_status(engine: Engine, problem_id: int, status: str, today: dt.date, now: dt.datetime) -> bool:
    if status not in PROBLEM_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    fixed_on = today if status == "fixed" else None
    with engine.begin() as conn:
        result = conn.execute(
            update(problems).where(problems.c.id == problem_id).values(status=status, fixed_on=fixed_on, updated_at=now)
        )
        return bool(result.rowcount)


def forget_outcomes(conn: Connection, citizen_ref: str) -> int:
    """Part of forgetting a citizen (WeChat unsubscribe): their follow-ups and reports."""
    conn.execute(
        delete(numbers).where(
            numbers.c.followup_id.in_(select(followups.c.id).where(followups.c.citizen_ref == citizen_ref))
        )
    )
    deleted = conn.execute(delete(followups).where(followups.c.citizen_ref == citizen_ref)).rowcount
    return int(deleted + conn.execute(delete(outcomes).where(outcomes.c.citizen_ref == citizen_ref)).rowcount)


def purge_outcomes(conn: Connection, before: dt.datetime) -> dict[str, int]:
    """Part of retention: follow-ups and reports older than `before`."""
    old = select(followups.c.id).where(followups.c.created_at < before)
    conn.execute(delete(numbers).where(numbers.c.followup_id.in_(old)))
    return {
        "outcome_followups": int(conn.execute(delete(followups).where(followups.c.created_at < before)).rowcount),
        "outcomes": int(conn.execute(delete(outcomes).where(outcomes.c.created_at < before)).rowcount),
    }
