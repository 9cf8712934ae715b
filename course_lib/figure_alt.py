"""Alternative text for every figure a notebook shows, written from the figure itself.

A screen reader, nbgrader's feedback pages and the web book read an image's ``alt`` attribute; nbconvert
takes it from the output's metadata (``metadata["image/png"]["alt"]``). :func:`install` wraps IPython's
PNG formatter for matplotlib figures so that every figure shown carries a description built from what it
draws: the figure's title, then per panel its title, what is plotted against what (the axis labels) and
the legend's entries. :func:`describe` is that description.

    >>> fig, ax = plt.subplots(); ax.plot([1, 2], label="He"); ax.set(title="std", xlabel="layer"); ax.legend()
    >>> describe(fig)
    'Figure: std: y against layer; lines: He.'
"""

from __future__ import annotations

import re

_MATH = re.compile(r"\$([^$]*)\$")
_SPACING = re.compile(r"\\[,;:! ]")  # mathtext's thin and negative spaces


def _plain(text: str) -> str:
    """Labels without mathtext markup: ``$z_l$`` reads as ``z_l``; whitespace collapsed."""
    text = _MATH.sub(lambda m: _SPACING.sub(" ", m.group(1)).replace("\\", ""), text)
    return " ".join(text.split())


def _panel(ax) -> str:
    title = _plain(ax.get_title() or ax.get_title("left") or ax.get_title("right"))
    xlabel, ylabel = _plain(ax.get_xlabel()), _plain(ax.get_ylabel())
    parts = []
    if ylabel or xlabel:
        parts.append(f"{ylabel or 'y'} against {xlabel or 'x'}")
    if ax.images:
        parts.append("an image")
    elif ax.patches and not ax.lines:
        parts.append("bars")
    legend = ax.get_legend()
    if legend is not None:
        entries = [_plain(text.get_text()) for text in legend.get_texts() if text.get_text()]
        if entries:
            parts.append("lines: " + ", ".join(entries))
    body = "; ".join(parts) or "a plot"
    return f"{title}: {body}" if title else body


def describe(figure) -> str:
    """A one-paragraph description of ``figure``: its title, then each panel with data.

    Panels are the axes that draw something (lines, patches, collections or images); colour bars and
    empty axes are left out. The text names what the figure shows, never its numbers.
    """
    if not hasattr(figure, "get_axes"):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    suptitle = figure._suptitle.get_text() if getattr(figure, "_suptitle", None) is not None else ""
    panels = [ax for ax in figure.get_axes() if ax.lines or ax.patches or ax.collections or ax.images]
    panels = [ax for ax in panels if ax.get_label() != "<colorbar>"]
    described = [_panel(ax) for ax in panels]
    head = f"Figure ({_plain(suptitle)})" if suptitle else "Figure"
    if not described:
        return f"{head}."
    if len(described) == 1:
        return f"{head}: {described[0]}."
    return f"{head} with {len(described)} panels. " + " ".join(
        f"Panel {index}: {text}." for index, text in enumerate(described, start=1))


def _with_alt(original):
    def png_with_alt(figure, *args, **kwargs):
        data = original(figure, *args, **kwargs)
        metadata = {}
        if isinstance(data, tuple) and len(data) == 2:
            data, metadata = data[0], dict(data[1] or {})
        if data is None:
            return None
        metadata.setdefault("alt", describe(figure))
        return data, metadata

    png_with_alt.course_alt = True
    return png_with_alt


def install(shell=None) -> bool:
    """Make every matplotlib figure shown in ``shell`` (default: the running IPython) carry alt text.

    Returns False outside IPython or when no PNG formatter for figures is registered (nothing to wrap);
    calling it twice wraps once.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    try:
        original = formatter.lookup_by_type(Figure)
    except KeyError:
        if plt.get_fignums():  # resolving the backend below would close them
            return False
        # pyplot loads its backend on first use; the inline backend registers its PNG formatter then.
        plt.switch_backend(plt.get_backend())
        try:
            original = formatter.lookup_by_type(Figure)
        except KeyError:
            return False
    if getattr(original, "course_alt", False):
        return True
    formatter.for_type(Figure, _with_alt(original))
    return True
