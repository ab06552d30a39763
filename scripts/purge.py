"""`make purge`: delete conversations and handovers older than RETENTION_DAYS (default 180).

Conversations are purged whole once their last message is older than the period, except those
behind an open handover; resolved handovers, ratings and unanswered questions by their own
date. Run it daily (cron or a systemd timer); it prints what it deleted.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.exc import SQLAlchemyError

from bot.db import make_engine, utc_now
from bot.handover.records import create_tables
from bot.retention import conversations_to_keep, purge_records
from bot.settings import PROJECT_ROOT, load_settings


def purge_conversations(endpoints: Path, before: dt.datetime, keep: set[str]) -> int:
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    from channels.tracker_store import delete_conversation, silent_since

    store = TrackerStore.create(read_endpoint_config(str(endpoints), "tracker_store"))
    stale = [s for s in silent_since(store, before.replace(tzinfo=dt.timezone.utc).timestamp()) if s not in keep]
    for sender_id in stale:
        delete_conversation(store, sender_id)
    return len(stale)


def main() -> int:
    try:
        settings = load_settings()
        before = utc_now() - dt.timedelta(days=settings.retention_days)
        engine = make_engine(settings.database_url)
        create_tables(engine)
        counts = purge_records(engine, before)
        counts["conversations"] = purge_conversations(
            PROJECT_ROOT / "endpoints.yml", before, conversations_to_keep(engine)
        )
    except (ValueError, SQLAlchemyError, NotImplementedError) as exc:
        print(f"purge: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    deleted = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"purge: older than {settings.retention_days} days (before {before:%Y-%m-%d %H:%M} UTC): deleted {deleted}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
