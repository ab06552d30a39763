"""The tables behind follow-ups and outcomes, beside the handovers (same database, same metadata)."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Integer, String, Table, Text, UniqueConstraint

from bot.handover.tables import metadata

followups = Table(
    "outcome_followups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False, index=True),  # when the checklist was given
    Column("channel", String(32), nullable=False),
    Column("conversation_id", String(128), nullable=False),  # where to ask (WeChat openid, caller)
    Column("citizen_ref", String(32), nullable=False, index=True),
    Column("item", String(64), nullable=False),  # a service id, or "event:<id>"
    Column("region", String(64), nullable=False, default=""),
    Column("checklist", Text, nullable=False),  # the checklist we gave: a failure is traced to it
    # offered | consented | asked | answered | declined | withdrawn | expired
    Column("status", String(16), nullable=False, index=True),
    Column("consented_at", DateTime),
    Column("asked_at", DateTime),
    Column("last_message_at", DateTime, nullable=False),  # the citizen's latest message (WeChat's 48 hours)
)

# A hotline follow-up is asked by SMS: the caller's number is kept here, apart from the follow-up,
# only until the question is sent (or can no longer be); the pseudonym of the number stays, so
# that the citizen's SMS reply is linked to the follow-up it answers.
numbers = Table(
    "outcome_followup_numbers",
    metadata,
    Column("followup_id", Integer, primary_key=True),
    Column("reply_ref", String(32), nullable=False, index=True),  # bot.privacy.sender_ref of the number
    Column("phone", String(32)),  # cleared once asked, expired, declined or withdrawn
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("channel", String(32), nullable=False),
    Column("citizen_ref", String(32), nullable=False, index=True),
    Column("item", String(64), nullable=False, index=True),  # a service id, or "event:<id>"
    Column("region", String(64), nullable=False, default=""),
    Column("trips", String(16), nullable=False),
    Column("cause", String(32), nullable=False),
    Column("material_key", String(64)),
    Column("material_text", Text, nullable=False, default=""),
    Column("checklist", Text, nullable=False, default=""),  # what we had told them to bring
    Column("listed", Integer, nullable=False, default=1),  # 0: sent back for something our checklist lacked
    Column("followup_id", Integer),
)

# A catalogue problem is an item and a material citizens were sent back for that our checklist did
# not name; the maintainers' status for it is kept here (the reports behind it are the outcomes).
problems = Table(
    "catalogue_problems",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item", String(64), nullable=False),
    Column("material", String(200), nullable=False),  # the glossary id, else the citizen's words
    Column("status", String(16), nullable=False, default="new"),  # new | checked | fixed
    Column("fixed_on", Date),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("item", "material", name="uq_catalogue_problem"),
)
