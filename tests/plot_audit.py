"""A matplotlib backend that audits every figure a notebook shows (``MPLBACKEND=module://tests.plot_audit``).

Each figure passed to ``show()`` is checked against the course's plot rules and a line per problem is
appended to the file named by ``PLOT_AUDIT_FILE``: every axes with data has a title (its own or the
figure's), labelled axes (a shared axis may be labelled once), a legend when it shows more than one
labelled artist, colours from the shared colour-blind-safe palette (greys allowed), and no two pieces of
text overlapping (:func:`text_overlaps`: titles, suptitles, axis labels, tick labels, offset texts, legends,
annotations and figure texts, by the boxes the renderer gives them).
"""

from __future__ import annotations

import json
import os

import matplotlib.pyplot as plt
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb

from course_lib.plots import PALETTE

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase
ALLOWED = {c.lower() for c in PALETTE}


def _is_grey(color) -> bool:
    r, g, b = to_rgb(color)
    return max(r, g, b) - min(r, g, b) < 0.02


def _has_data(ax) -> bool:
    return bool(ax.lines or ax.patches or ax.collections or ax.images)


def _label_shared(ax, axis: str) -> bool:
    siblings = (ax.get_shared_x_axes() if axis == "x" else ax.get_shared_y_axes()).get_siblings(ax)
    getter = "get_xlabel" if axis == "x" else "get_ylabel"
    return any(getattr(other, getter)() for other in siblings)


def audit(figure) -> list[str]:
    problems = []
    suptitle = figure._suptitle.get_text() if figure._suptitle else ""
    for index, ax in enumerate(a for a in figure.axes if _has_data(a)):
        where = f"axes {index} ({ax.get_title() or suptitle or 'untitled'})"
        if not (ax.get_title() or suptitle):
            problems.append(f"{where}: no title")
        if not _label_shared(ax, "x"):
            problems.append(f"{where}: no x label")
        if not _label_shared(ax, "y"):
            problems.append(f"{where}: no y label")
        labelled = [a for a in ax.lines + ax.patches + ax.collections
                    if a.get_label() and not a.get_label().startswith("_")]
        if len({a.get_label() for a in labelled}) > 1 and ax.get_legend() is None and not figure.legends:
            problems.append(f"{where}: {len(labelled)} labelled artists but no legend")
        for artist in ax.lines:
            color = to_hex(artist.get_color()).lower()
            if color not in ALLOWED and not _is_grey(color):
                problems.append(f"{where}: line colour {color} is not from the course palette")
    title = suptitle or next((ax.get_title() for ax in figure.axes if ax.get_title()), "untitled")
    problems.extend(f"figure ({_short(title)}): {overlap}" for overlap in text_overlaps(figure))
    return problems


# Boxes may touch (and antialiasing may make them share a pixel): only a deeper intersection counts.
OVERLAP_TOLERANCE_PX = 1.0


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _visible_text(artist) -> bool:
    return artist.get_visible() and bool(artist.get_text().strip())


def text_boxes(figure) -> list[tuple[str, object]]:
    """``(description, window extent)`` of every visible piece of text the figure draws.

    A legend counts as one box (its frame holds its entries); tick labels count only for the ticks the
    axis draws at its current limits. The figure is drawn first, so layout engines have placed everything.
    """
    if not hasattr(figure.canvas, "get_renderer"):  # a bare matplotlib.figure.Figure
        FigureCanvasAgg(figure)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    found = []

    def add(what, artist):
        if _visible_text(artist):
            found.append((f"{what} {_short(artist.get_text())!r}", artist.get_window_extent(renderer)))

    for text in figure.texts:  # suptitle, supxlabel, supylabel and fig.text(...)
        add("figure text", text)
    for legend in figure.legends:
        if legend.get_visible():
            found.append(("figure legend", legend.get_window_extent(renderer)))
    for index, ax in enumerate(figure.axes):
        if not ax.get_visible():
            continue
        where = f"axes {index}"
        for title in (ax.title, ax._left_title, ax._right_title):
            add(f"{where} title", title)
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if not axis.get_visible():
                continue
            add(f"{where} {name} label", axis.label)
            add(f"{where} {name} offset text", axis.offsetText)
            for tick in axis._update_ticks():
                for label in (tick.label1, tick.label2):
                    add(f"{where} {name} tick label", label)
        for text in ax.texts:  # ax.text(...) and ax.annotate(...)
            add(f"{where} annotation", text)
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            found.append((f"{where} legend", legend.get_window_extent(renderer)))
    return found


def _intersect(a, b, tolerance: float = OVERLAP_TOLERANCE_PX) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance) and (min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance)


def text_overlaps(figure) -> list[str]:
    """One line per pair of text boxes of :func:`text_boxes` that intersect by more than a pixel."""
    boxes = text_boxes(figure)
    return [f"{what_a} overlaps {what_b}" for i, (what_a, a) in enumerate(boxes) for what_b, b in boxes[i + 1:]
            if _intersect(a, b)]


_SAVED: list[int] = []


def show(*args, **kwargs):
    target = os.environ.get("PLOT_AUDIT_FILE")
    for number in plt.get_fignums():
        figure = plt.figure(number)
        if target:
            with open(target, "a") as fh:
                record = {"figure": number, "problems": audit(figure), "texts": len(text_boxes(figure))}
                fh.write(json.dumps(record) + "\n")
            if os.environ.get("PLOT_AUDIT_SAVE"):  # a folder: keep each figure as a PNG to look at
                _SAVED.append(number)
                figure.savefig(os.path.join(os.environ["PLOT_AUDIT_SAVE"], f"{os.getpid()}-{len(_SAVED)}.png"))
        plt.close(figure)
