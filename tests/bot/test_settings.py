from __future__ import annotations

from pathlib import Path

import pytest

from bot.handover.office_hours import OfficeHours
from bot.settings import PROJECT_ROOT, load_settings


def test_defaults_are_the_embedded_setup() -> None:
    settings = load_settings({})
    assert (settings.rasa_port, settings.action_port) == (5005, 5055)
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("var/onetrip.db")
    assert settings.sender_hash_key is None


def test_environment_overrides() -> None:
    settings = load_settings(
        {"RASA_PORT": "6005", "DATABASE_URL": "postgresql://db/onetrip", "ONETRIP_SECRET_KEY": "k"}
    )
    assert settings.rasa_port == 6005 and settings.database_url == "postgresql://db/onetrip"
    assert settings.sender_hash_key == b"k"


@pytest.mark.parametrize("bad", ["abc", "0", "70000", ""])
def test_bad_port_is_a_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="ACTION_PORT must be a TCP port"):
        load_settings({"ACTION_PORT": bad})


def test_catalogue_directories_are_a_list_like_path() -> None:
    assert load_settings({}).catalogue_dirs == (PROJECT_ROOT / "data" / "catalogue",)
    both = load_settings({"ONETRIP_CATALOGUE_DIR": "data/catalogue:/srv/imported/gd:", "ONETRIP_HOME_REGION": "广东省"})
    assert both.catalogue_dirs == (PROJECT_ROOT / "data" / "catalogue", Path("/srv/imported/gd"))
    assert both.home_region == "广东省" and load_settings({}).home_region is None


def test_office_hours_and_days() -> None:
    assert load_settings({}).office_hours == OfficeHours(9, 17, 1, 5)
    seven_days = load_settings({"OFFICE_HOURS": "8-20", "OFFICE_DAYS": "1-7"}).office_hours
    assert seven_days == OfficeHours(8, 20, 1, 7) and seven_days.days_text == "每天"


@pytest.mark.parametrize(
    "hours, days", [("9-9", "1-5"), ("17-9", "1-5"), ("9-25", "1-5"), ("9-17", "0-5"), ("9-17", "6-1")]
)
def test_bad_office_hours_are_a_clear_error(hours: str, days: str) -> None:
    with pytest.raises(ValueError, match=r"OFFICE_(HOURS|DAYS) must look like"):
        load_settings({"OFFICE_HOURS": hours, "OFFICE_DAYS": days})
