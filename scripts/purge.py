"""`make purge`: delete conversations and handovers older than RETENTION_DAYS (default 180).

Conversations are purged whole once their last message is older than the period, except those
behind an open handover; resolved handovers, ratings and unanswered questions by their own
date. Run it daily (cron or a systemd timer); it prints what it deleted. In the scaled mode:
`make purge SCALED=1` (DATABASE_URL, or the PostgreSQL that `make scaled` started).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.db import make_engine, utc_now
from bot.handover.tables import create_tables
from bot.retention import conversations_to_keep, purge_records
from bot.settings import PROJECT_ROOT, load_settings
from scripts.postgres_redis_nginx import scaled_database_url


def tracker_store(database_url: str, endpoints: Path = PROJECT_ROOT / "endpoints.yml") -> Any:
    """The scaled mode keeps conversations in its PostgreSQL; `make run`, where endpoints.yml says."""
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    if make_url(database_url).get_backend_name() == "postgresql":
        return SQLTrackerStore(dialect="postgresql", host=database_url)
    return TrackerStore.create(read_endpoint_config(str(endpoints), "tracker_store"))


def purge_conversations(store: Any, before: dt.datetime, keep: set[str]) -> int:
    from channels.tracker_store import delete_conversation, silent_since

    stale = [s for s in silent_since(store, before.replace(tzinfo=dt.timezone.utc).timestamp()) if s not in keep]
    for sender_id in stale:
        delete_conversation(store, sender_id)
    return len(stale)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scaled", action="store_true", help="the scaled mode's PostgreSQL (make scaled)")
    args = parser.parse_args()
    try:
        settings = load_settings()
        database_url = scaled_database_url(settings) if args.scaled else settings.database_url
        before = utc_now() - dt.timedelta(days=settings.retention_days)
        engine = make_engine(database_url)
        create_tables(engine)
        counts = purge_records(engine, before)
        store = tracker_store(database_url)
        counts["conversations"] = purge_conversations(store, before, conversations_to_keep(engine))
    except (ValueError, SQLAlchemyError, NotImplementedError) as exc:
        print(f"purge: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    deleted = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"purge: older than {settings.retention_days} days (before {before:%Y-%m-%d %H:%M} UTC): deleted {deleted}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
