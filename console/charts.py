"""Charts drawn on the server as inline SVG: no JavaScript, nothing fetched, they print and they
work behind a strict Content-Security-Policy.

Every label comes from data (service names, text typed into the catalogue) and is escaped here,
because the result is inserted into pages unescaped.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape

PALETTE = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#8c6d31", "#999999")
MAX_SERIES = len(PALETTE) - 1  # the rest are drawn together as 其他
OTHER = "其他"
WIDTH = 720


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _svg(title: str, height: int, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{_e(title)}" class="chart" font-size="12" font-family="sans-serif">'
        f"<title>{_e(title)}</title>"
        f'<text x="0" y="16" font-size="14" font-weight="bold">{_e(title)}</text>' + "".join(body) + "</svg>"
    )


def _empty(title: str) -> str:
    return _svg(title, 60, ['<text x="0" y="44" fill="#666">暂无数据</text>'])


def bar_chart(title: str, series: Mapping[str, int]) -> str:
    """Horizontal bars in the given order, each with its count written after it."""
    if not series or not any(series.values()):
        return _empty(title)
    label_width, row, top = 170, 24, 30
    biggest = max(series.values())
    room = WIDTH - label_width - 50
    body: list[str] = []
    for i, (label, value) in enumerate(series.items()):
        y = top + i * row
        length = round(room * value / biggest) if biggest else 0
        short = label if len(label) <= 14 else label[:13] + "…"
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{_e(short)}<title>{_e(label)}</title></text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 8}" fill="{PALETTE[0]}">'
            f"<title>{_e(label)}：{value}</title></rect>"
            f'<text x="{label_width + length + 6}" y="{y + 15}">{value}</text>'
        )
    return _svg(title, top + len(series) * row + 6, body)


def _top_series(counts: Counter[str]) -> list[str]:
    ordered = [name for name, _ in counts.most_common()]
    return ordered if len(ordered) <= MAX_SERIES + 1 else ordered[:MAX_SERIES]


def daily_chart(
    title: str, rows: Iterable[tuple[dt.date, str]], days: Sequence[dt.date], labels: Mapping[str, str] | None = None
) -> str:
    """Stacked bars, one per day of `days`, from one (day, key) pair per occurrence: a handover
    discussing two services counts once for each. The biggest series get their own colour,
    the rest are added up as 其他."""
    labels = labels or {}
    wanted = set(days)
    pairs = [(day, key) for day, key in rows if day in wanted]
    if not days or not pairs:
        return _empty(title)
    totals = Counter(key for _, key in pairs)
    names = _top_series(totals)
    per_day: dict[dt.date, Counter[str]] = {day: Counter() for day in days}
    for day, key in pairs:
        per_day[day][key if key in names else OTHER] += 1
    series = names + ([OTHER] if len(names) < len(totals) else [])
    legend_totals = {name: totals[name] for name in names}
    legend_totals[OTHER] = sum(totals.values()) - sum(legend_totals.values())
    colour = dict(zip(series, PALETTE, strict=False))
    legend_rows = (len(series) + 3) // 4
    left, top, bottom, plot_height = 34, 30 + legend_rows * 18, 24, 160
    biggest = max(sum(c.values()) for c in per_day.values())
    step = (WIDTH - left - 4) / len(days)
    body = [
        f'<rect x="{left + (i % 4) * 170}" y="{26 + (i // 4) * 18}" width="10" height="10" fill="{colour[name]}"/>'
        f'<text x="{left + (i % 4) * 170 + 14}" y="{35 + (i // 4) * 18}">'
        f"{_e(labels.get(name, name))}（{legend_totals[name]}）</text>"
        for i, name in enumerate(series)
    ]
    base = top + 8 + plot_height
    body.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#888"/>')
    body.append(f'<text x="{left - 4}" y="{base - plot_height + 4}" text-anchor="end">{biggest}</text>')
    body.append(f'<text x="{left - 4}" y="{base + 4}" text-anchor="end">0</text>')
    every = max(1, round(len(days) / 10))
    for i, day in enumerate(days):
        x = left + i * step
        height_so_far = 0.0
        for name in series:
            value = per_day[day][name]
            if not value:
                continue
            height = plot_height * value / biggest
            height_so_far += height
            body.append(
                f'<rect x="{x + 1:.1f}" y="{base - height_so_far:.1f}" width="{max(step - 2, 1):.1f}" '
                f'height="{height:.1f}" fill="{colour[name]}"><title>{day:%m-%d} '
                f"{_e(labels.get(name, name))}：{value}</title></rect>"
            )
        if i % every == 0:
            body.append(f'<text x="{x + step / 2:.1f}" y="{base + 16}" text-anchor="middle">{day:%m-%d}</text>')
    return _svg(title, base + bottom, body)


def rate_chart(title: str, weeks: Sequence[tuple[dt.date, int, int]]) -> str:
    """One bar per week, as tall as the share of reports done in one trip (the axis always runs
    0–100 %, so weeks and pages compare by eye), the percentage on the bar and the number of
    reports under the week: a 100 % from one report must not read like one from fifty."""
    weeks = [week for week in weeks if week[1] > 0]
    if not weeks:
        return _empty(title)
    left, top, plot_height, bottom = 44, 40, 160, 40
    base = top + plot_height
    step = (WIDTH - left - 4) / len(weeks)
    body = [f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#888"/>']
    for share in (0, 50, 100):
        y = base - plot_height * share / 100
        body.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{share}%</text>')
        if share:
            body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="#ddd"/>')
    every = max(1, round(len(weeks) / 12))
    for i, (monday, reports, in_one) in enumerate(weeks):
        rate = in_one / reports
        height = plot_height * rate
        x = left + i * step
        middle = x + step / 2
        body.append(
            f'<rect x="{x + 2:.1f}" y="{base - height:.1f}" width="{max(step - 4, 1):.1f}" height="{height:.1f}" '
            f'fill="{PALETTE[0]}"><title>{monday:%Y-%m-%d} 起一周：{reports} 次反馈，'
            f"{in_one} 次跑一次，{rate:.0%}</title></rect>"
        )
        if i % every == 0:
            body.append(
                f'<text x="{middle:.1f}" y="{base - height - 4:.1f}" text-anchor="middle">{rate:.0%}</text>'
                f'<text x="{middle:.1f}" y="{base + 16}" text-anchor="middle">{monday:%m-%d}</text>'
                f'<text x="{middle:.1f}" y="{base + 32}" text-anchor="middle" fill="#666">{reports}次</text>'
            )
    return _svg(title, base + bottom, body)
