"""A matplotlib backend that audits every figure a notebook shows (``MPLBACKEND=module://tests.plot_audit``).

Each figure passed to ``show()`` is checked against the course's plot rules and a line per problem is
appended to the file named by ``PLOT_AUDIT_FILE``: every axes with data has a title (its own or the
figure's), labelled axes (a shared axis may be labelled once), a legend when it shows more than one
labelled artist, and colours from the shared colour-blind-safe palette (greys allowed).
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
    return problems


def show(*args, **kwargs):
    target = os.environ.get("PLOT_AUDIT_FILE")
    for number in plt.get_fignums():
        figure = plt.figure(number)
        if target:
            with open(target, "a") as fh:
                fh.write(json.dumps({"figure": number, "problems": audit(figure)}) + "\n")
        plt.close(figure)
