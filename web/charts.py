"""Daily series as the geometry of a small inline SVG line chart: the page
draws it with attributes only, so no script or inline style is needed."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 640, 140, 24
COLOURS = ("#2563eb", "#dc2626", "#059669")


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    points: str  # "x,y x,y ..." for <polyline points>
    total: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[Line]
    peak: int
    first_day: str
    last_day: str
    baseline: int


def line_chart(series: dict[str, list[tuple[str, int]]]) -> Chart | None:
    """One line per series over shared days; None when there are no days."""
    if not series or not any(series.values()):
        return None
    days = max(len(values) for values in series.values())
    peak = max((n for values in series.values() for _, n in values), default=0) or 1
    step = (WIDTH - 2 * PAD) / max(days - 1, 1)
    base = HEIGHT - PAD
    lines = []
    for i, (label, values) in enumerate(series.items()):
        points = " ".join(
            f"{PAD + x * step:.1f},{base - n / peak * (HEIGHT - 2 * PAD):.1f}"
            for x, (_, n) in enumerate(values)
        )
        lines.append(Line(label, COLOURS[i % len(COLOURS)], points, sum(n for _, n in values)))
    first = next(iter(series.values()))
    return Chart(WIDTH, HEIGHT, lines, peak, first[0][0], first[-1][0], base)
