"""Bar charts drawn on the server: SVG for pages, PNG for PDFs, from one description.

A chart is horizontal bars (one per label, long Vietnamese names read well that way) with an optional
target per bar drawn as a tick, so "guided against 7 × members" shows at a glance. Pure functions:
no database, no request.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from html import escape

from PIL import Image, ImageDraw, ImageFont

from ceremony.core.pdf import FONT_DIR, FONTS

BAR = "#2b6cb0"
DONE = "#2f855a"
TARGET = "#c53030"
TEXT = "#1a202c"
GRID = "#cbd5e0"


@dataclass
class BarChart:
    title: str
    labels: list[str]
    values: list[float]
    targets: list[float | None] = field(default_factory=list)
    unit: str = ""

    def __post_init__(self):
        if len(self.targets) < len(self.values):
            self.targets = list(self.targets) + [None] * (len(self.values) - len(self.targets))

    @property
    def scale(self) -> float:
        top = max([*self.values, *(t for t in self.targets if t is not None), 1])
        return float(top)

    def colour(self, index: int) -> str:
        target = self.targets[index]
        return DONE if target is not None and self.values[index] >= target else BAR


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def svg(chart: BarChart, width: int = 640, bar_height: int = 22) -> str:
    """The chart as inline SVG markup (escaped text, a ``role="img"`` with the title)."""
    label_w, right = 250, 100
    top = 30
    height = top + bar_height * len(chart.labels) + 10
    plot = width - label_w - right
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{escape(chart.title)}">',
             f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{TEXT}">{escape(chart.title)}</text>']
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = top + i * bar_height
        w = plot * value / chart.scale
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_height * 0.68:.1f}" font-size="12" text-anchor="end" '
                     f'fill="{TEXT}">{escape(_short(label, 36))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{bar_height - 6}" '
                     f'fill="{chart.colour(i)}" data-value="{value:g}"/>')
        target = chart.targets[i]
        if target is not None:
            x = label_w + plot * target / chart.scale
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + bar_height - 1}" stroke="{TARGET}" '
                         f'stroke-width="2"/>')
        suffix = f" / {_number(target)}" if target is not None else ""
        end = max(w, plot * target / chart.scale if target is not None else 0)  # the number clears the tick
        parts.append(f'<text x="{label_w + end + 4:.1f}" y="{y + bar_height * 0.68:.1f}" font-size="11" '
                     f'fill="{TEXT}">{_number(value)}{escape(suffix)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FONTS["Sans-Bold" if bold else "Sans"]), size)


def png(chart: BarChart, width: int = 1600, bar_height: int = 44) -> bytes:
    """The chart as a PNG (twice the PDF size, so it stays sharp in print), Vietnamese labels drawn
    with the shipped Liberation Sans."""
    label_w, right, top = 560, 200, 70
    height = top + bar_height * max(len(chart.labels), 1) + 20
    plot = width - label_w - right
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((0, 10), chart.title, font=_font(30, bold=True), fill=TEXT)
    font, small = _font(24), _font(22)
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = top + i * bar_height
        w = plot * value / chart.scale
        draw.text((label_w - 12, y + bar_height / 2), _short(label, 40), font=font, fill=TEXT, anchor="rm")
        if w > 0:
            draw.rectangle([label_w, y + 6, label_w + w, y + bar_height - 6], fill=chart.colour(i))
        target = chart.targets[i]
        if target is not None:
            x = label_w + plot * target / chart.scale
            draw.line([x, y + 2, x, y + bar_height - 2], fill=TARGET, width=4)
        suffix = f" / {_number(target)}" if target is not None else ""
        end = max(w, plot * target / chart.scale if target is not None else 0)
        draw.text((label_w + end + 10, y + bar_height / 2), f"{_number(value)}{suffix}", font=small, fill=TEXT,
                  anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
