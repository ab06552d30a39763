"""Inline SVG charts: well-formed, every label escaped, the numbers written out."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from console.charts import OTHER, bar_chart, daily_chart, rate_chart

DAYS = [dt.date(2024, 3, d) for d in range(1, 8)]
EVIL = '<script>alert("x")</script>'


def test_bar_chart_escapes_labels_and_shows_counts() -> None:
    svg = bar_chart("评价&分布", {"5分": 12, EVIL: 3, "1分": 0})
    ET.fromstring(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "评价&amp;分布" in svg
    assert ">12</text>" in svg and ">3</text>" in svg and ">0</text>" in svg


def test_empty_charts_say_so() -> None:
    assert "暂无数据" in bar_chart("空", {}) and "暂无数据" in bar_chart("空", {"a": 0})
    assert "暂无数据" in daily_chart("空", [], DAYS)
    assert "暂无数据" in daily_chart("空", [(dt.date(2020, 1, 1), "x")], DAYS)  # outside the period


def test_daily_chart_stacks_per_day_with_totals_in_the_legend() -> None:
    rows = [(DAYS[0], "wechat"), (DAYS[0], "wechat"), (DAYS[0], "hotline"), (DAYS[3], EVIL)]
    svg = daily_chart("每日转人工", rows, DAYS, {"wechat": "微信公众号", "hotline": "电话热线"})
    ET.fromstring(svg)
    assert "微信公众号（2）" in svg and "电话热线（1）" in svg
    assert "03-01 微信公众号：2" in svg and "03-04 &lt;script&gt;" in svg
    assert "<script>" not in svg
    assert all(f'text-anchor="middle">{day:%m-%d}</text>' in svg for day in DAYS)  # every day on the axis


def test_many_series_fold_into_other() -> None:
    rows = [(DAYS[0], f"事项{i}") for i in range(12)]
    svg = daily_chart("按事项", rows, DAYS)
    ET.fromstring(svg)
    assert f"{OTHER}（5）" in svg and svg.count("（1）") == 7


def test_rate_chart_draws_each_week_on_a_fixed_axis() -> None:
    weeks = [(dt.date(2024, 3, 4), 4, 3), (dt.date(2024, 3, 11), 1, 0), (dt.date(2024, 3, 18), 0, 0)]
    svg = rate_chart("每周<一次办成率>", weeks)
    ET.fromstring(svg)
    assert "&lt;一次办成率&gt;" in svg and "<一次" not in svg
    assert ">100%</text>" in svg and ">0%</text>" in svg  # the axis, whatever the data
    assert ">75%</text>" in svg and ">4次</text>" in svg and ">03-04</text>" in svg
    assert "2024-03-11 起一周：1 次反馈，0 次跑一次，0%" in svg
    assert "03-18" not in svg  # a week without reports has no rate to draw
    assert "暂无数据" in rate_chart("空", []) and "暂无数据" in rate_chart("空", [(dt.date(2024, 3, 4), 0, 0)])
