"""Line charts on a log scale written as SVG text and drawn by the browser: the explorer's fast path.

Writing the SVG of the explorer's two panels takes about a millisecond; matplotlib needs tens of
milliseconds to lay out and rasterize the same figure (mostly the tick labels' text), so with SVG a
slider move costs little more than its simulation. ``ipywidgets.Image(format="svg+xml")`` shows it.

Every text element's bounding box is recorded in :attr:`SvgCanvas.texts` and :meth:`SvgCanvas.overlaps`
lists the pairs that intersect (tests assert there are none). Widths come from the advance widths of
DejaVu Sans, the font the SVG asks for first (the default sans-serif font on Debian, shipped with
matplotlib): a browser that falls back to a narrower font (Arial, Helvetica) only leaves more room.
Kerning is ignored and every box gets :data:`PAD` pixels on each side.

Axis mapping on a log scale: a value ``v`` in ``[low, high]`` sits at
``y = bottom - (log10 v - log10 low) / (log10 high - log10 low) * (bottom - top)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np

from ._validation import as_int, as_real, one_of

FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
# DejaVu Sans: ascender 1901 and descender 483 font units of 2048 per em.
ASCENT, DESCENT = 1901 / 2048, 483 / 2048
PAD = 1.0  # pixels added around every text box before the overlap test
_ADVANCE: dict[str, float] = {}  # advance width per character, in em
_FONT = []


def _font():
    if not _FONT:
        from matplotlib import font_manager, ft2font

        font = ft2font.FT2Font(font_manager.findfont("DejaVu Sans", fallback_to_default=True))
        font.set_size(100, 72)  # 1 em = 100 px
        _FONT.append((font, ft2font.LoadFlags.NO_HINTING))
    return _FONT[0]


def text_width(text: str, size: float) -> float:
    """The advance width in pixels of ``text`` in DejaVu Sans at ``size`` pixels (kerning ignored)."""
    total = 0.0
    for char in text:
        advance = _ADVANCE.get(char)
        if advance is None:
            font, flags = _font()
            advance = _ADVANCE[char] = font.load_char(ord(char), flags=flags).linearHoriAdvance / 65536 / 100
        total += advance
    return total * size


@dataclass(frozen=True)
class TextBox:
    """One text element's box in pixels (``x0 < x1``, ``y0 < y1``, y downwards) and its content."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other: TextBox) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


def boxes_overlap(boxes) -> list[tuple[str, str]]:
    """The pairs of ``boxes`` (:class:`TextBox`) that intersect, by their text."""
    boxes = list(boxes)
    return [(a.text, b.text) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.intersects(b)]


class SvgCanvas:
    """An SVG picture of ``width x height`` pixels built element by element."""

    def __init__(self, width: int, height: int):
        self.width, self.height = as_int(width, "width", minimum=1), as_int(height, "height", minimum=1)
        self.parts: list[str] = []
        self.texts: list[TextBox] = []

    def text(self, x: float, y: float, text: str, *, size: float = 11, anchor: str = "start",
             fill: str = "#000000", vertical: bool = False) -> TextBox | None:
        """Text whose baseline starts (``anchor="start"``), is centred (``"middle"``) or ends at ``(x, y)``;
        ``vertical`` turns it a quarter left (reading upwards, as a y-axis label), about ``(x, y)``."""
        anchor = one_of(anchor, "anchor", ("start", "middle", "end"))
        if not text:
            return None
        width = text_width(text, as_real(size, "size", positive=True))
        offset = {"start": 0.0, "middle": -width / 2, "end": -width}[anchor]
        if vertical:
            # rotate(-90) about (x, y) sends (x + dx, y + dy) to (x + dy, y - dx)
            box = TextBox(text, x - ASCENT * size - PAD, y - offset - width - PAD, x + DESCENT * size + PAD,
                          y - offset + PAD)
        else:
            box = TextBox(text, x + offset - PAD, y - ASCENT * size - PAD, x + offset + width + PAD,
                          y + DESCENT * size + PAD)
        self.texts.append(box)
        turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if vertical else ""
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
                          f'fill="{fill}"{turn}>{escape(text)}</text>')
        return box

    def line(self, x0, y0, x1, y1, *, stroke="#000000", width=1.0, dash: str | None = None, opacity=1.0) -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        alpha = f' stroke-opacity="{opacity:g}"' if opacity != 1 else ""
        self.parts.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{stroke}" '
                          f'stroke-width="{width:g}"{dashes}{alpha}/>')

    def polyline(self, xs, ys, *, stroke, width=1.5, dash: str | None = None, clip: str | None = None) -> None:
        """A line through the points, broken where a y is not finite."""
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        clipping = f' clip-path="url(#{clip})"' if clip else ""
        run: list[str] = []
        for x, y in [*zip(xs, ys), (None, None)]:
            if y is not None and math.isfinite(y):
                run.append(f"{x:.1f},{y:.1f}")
                continue
            if len(run) > 1:
                self.parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{stroke}" '
                                  f'stroke-width="{width:g}"{dashes}{clipping}/>')
            run = []

    def markers(self, xs, ys, *, fill, radius=2.5, clip: str | None = None) -> None:
        clipping = f' clip-path="url(#{clip})"' if clip else ""
        dots = "".join(f"M{x - radius:.1f},{y:.1f}a{radius:g},{radius:g} 0 1,0 {2 * radius:g},0"
                       f"a{radius:g},{radius:g} 0 1,0 {-2 * radius:g},0" for x, y in zip(xs, ys) if math.isfinite(y))
        if dots:
            self.parts.append(f'<path d="{dots}" fill="{fill}"{clipping}/>')

    def clip_rect(self, name: str, x0, y0, x1, y1) -> str:
        self.parts.append(f'<clipPath id="{name}"><rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" '
                          f'height="{y1 - y0:.1f}"/></clipPath>')
        return name

    def overlaps(self) -> list[tuple[str, str]]:
        """Pairs of text elements whose boxes intersect, and any text that leaves the canvas."""
        outside = [(box.text, "the canvas edge") for box in self.texts
                   if box.x0 < 0 or box.y0 < 0 or box.x1 > self.width or box.y1 > self.height]
        return boxes_overlap(self.texts) + outside

    def svg(self) -> bytes:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}" font-family="{FONT_FAMILY}">'
                f'<rect width="100%" height="100%" fill="#ffffff"/>')
        return (head + "".join(self.parts) + "</svg>").encode()


def log_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Tick values in ``[low, high]`` (``0 < low < high``): decades (every 1st, 2nd, 3rd, 5th, 10th, ... so
    that at most ``most`` show), or
    1-2-5 and then 1..9 times powers of ten when fewer than two decades fall in the range."""
    low, high = as_real(low, "low", positive=True), as_real(high, "high", positive=True)
    if not (low < high and math.isfinite(high)):
        raise ValueError(f"low and high must satisfy 0 < low < high < inf, got {low!r} and {high!r}")
    first, last = math.ceil(math.log10(low) - 1e-12), math.floor(math.log10(high) + 1e-12)
    if last - first + 1 >= 2:
        stride = next(s for s in (1, 2, 3, 5, 10, 20, 25, 50, 100, 200) if (last - first) // s + 1 <= most)
        return [10.0 ** k for k in range(first, last + 1) if k % stride == 0]
    for mantissas in ((1, 2, 5), tuple(range(1, 10))):
        ticks = [m * 10.0 ** k for k in range(first - 1, last + 1) for m in mantissas
                 if low <= m * 10.0 ** k <= high]
        if len(ticks) >= 2:
            return ticks
    return ticks


def tick_label(value: float) -> str:
    """``0.01``, ``1``, ``1000`` for decades up to three places from 1, ``1e+150`` beyond; ``2``, ``0.05``
    for other ticks (as matplotlib's LogFormatter)."""
    value = as_real(value, "value", positive=True)
    exponent = math.floor(math.log10(value) + 1e-12)
    mantissa = value / 10.0 ** exponent
    if abs(exponent) <= 3:
        return f"{value:.{max(0, -exponent)}f}"
    return f"{round(mantissa):d}e{exponent:+03d}" if abs(mantissa - round(mantissa)) < 1e-9 else f"{value:.2g}"


def layer_ticks(depth: int, most: int = 8) -> list[int]:
    """Integer ticks for layers ``1..depth``: multiples of the smallest step in 1, 2, 5, 10, 20, 25, 50
    that gives at most ``most`` ticks (1 itself when the step is 1)."""
    depth = as_int(depth, "depth", minimum=1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if depth // s <= most)
    return list(range(1, depth + 1)) if step == 1 else list(range(step, depth + 1, step))


def log_limits(*series) -> tuple[float, float]:
    """``(min / m, max * m)`` over the finite positive values of ``series`` (``(1e-3, 1e3)`` if none), with a
    margin ``m`` of 5 % of the range's decades and at least 1.5, so that no marker sits on the frame
    (kept within ``1e-307 .. 1e307``)."""
    values = np.concatenate([np.asarray(s, dtype=float).ravel() for s in series])
    values = values[np.isfinite(values) & (values > 0)]
    if not values.size:
        return 1e-3, 1e3
    low, high = math.log10(float(values.min())), math.log10(float(values.max()))
    pad = max(math.log10(1.5), 0.05 * (high - low))
    return 10.0 ** max(low - pad, -307.0), 10.0 ** min(high + pad, 307.0)


def log_panel(canvas: SvgCanvas, frame, series, *, title: str, xlabel: str, ylabel: str, name: str,
              tick_size: float = 10, label_size: float = 11, title_size: float = 12) -> None:
    """One panel: x = layer ``1..len(values)``, log y. ``frame = (left, top, right, bottom)`` is the plot
    area; tick labels, axis labels and the title are drawn outside it. ``series`` holds
    ``(values, color, dashed, markers)`` tuples."""
    left, top, right, bottom = frame
    depth = len(series[0][0])
    low, high = log_limits(*(values for values, *_ in series))
    span = math.log10(high) - math.log10(low)

    def x_of(layer):
        return left + (layer - 0.5) / depth * (right - left)

    def y_of(values):
        values = np.asarray(values, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = bottom - (np.log10(values) - math.log10(low)) / span * (bottom - top)
        return np.where(np.isfinite(out), out, np.nan)

    clip = canvas.clip_rect(f"{name}-plot", left, top, right, bottom)
    ticks = log_ticks(low, high)
    widest = 0.0
    for value, y in zip(ticks, y_of(ticks)):
        canvas.line(left, y, right, y, stroke="#000000", width=0.6, opacity=0.15)
        canvas.line(left - 4, y, left, y, stroke="#000000", width=0.8)
        box = canvas.text(left - 6, y + 0.35 * tick_size, tick_label(value), size=tick_size, anchor="end")
        widest = max(widest, box.x1 - box.x0)
    for layer in layer_ticks(depth):
        x = x_of(layer)
        canvas.line(x, top, x, bottom, stroke="#000000", width=0.6, opacity=0.15)
        canvas.line(x, bottom, x, bottom + 4, stroke="#000000", width=0.8)
        canvas.text(x, bottom + 6 + ASCENT * tick_size, str(layer), size=tick_size, anchor="middle")
    canvas.line(left, top, left, bottom, width=0.8)
    canvas.line(left, bottom, right, bottom, width=0.8)
    canvas.text((left + right) / 2, bottom + 10 + (1 + ASCENT) * tick_size + ASCENT * label_size, xlabel,
                size=label_size, anchor="middle")
    canvas.text(left - 10 - widest - DESCENT * label_size, (top + bottom) / 2, ylabel, size=label_size,
                anchor="middle", vertical=True)
    canvas.text((left + right) / 2, top - 6 - DESCENT * title_size, title, size=title_size, anchor="middle")
    xs = [x_of(layer) for layer in range(1, depth + 1)]
    for values, color, dashed, markers in series:
        ys = y_of(values)
        canvas.polyline(xs, ys, stroke=color, dash="5,3" if dashed else None, clip=clip)
        if markers:
            canvas.markers(xs, ys, fill=color, clip=clip)
