"""course_lib.figure_alt: every figure a notebook shows carries alternative text saying what it draws."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import pytest
from nbclient import NotebookClient

from course_lib import figure_alt


@pytest.fixture
def figure():
    fig = plt.figure()
    yield fig
    plt.close(fig)


def test_one_panel_names_title_axes_and_legend(figure):
    ax = figure.add_subplot()
    ax.plot([1, 2], label="He")
    ax.plot([2, 1], label="Xavier")
    ax.set(title="std of $z_l$ by depth", xlabel="layer $l$", ylabel="std")
    ax.legend()
    assert figure_alt.describe(figure) == "Figure: std of z_l by depth: std against layer l; lines: He, Xavier."


def test_panels_are_numbered_and_empty_axes_left_out(figure):
    left, _empty, right = figure.subplots(1, 3)
    left.bar([0, 1], [2, 3])
    left.set_title("counts")
    right.imshow([[0, 1], [1, 0]])
    figure.suptitle("two views")
    text = figure_alt.describe(figure)
    assert text == "Figure (two views) with 2 panels. Panel 1: counts: bars. Panel 2: an image."


def test_a_figure_without_data_is_still_described(figure):
    assert figure_alt.describe(figure) == "Figure."


def test_describe_rejects_what_is_not_a_figure():
    with pytest.raises(TypeError, match="figure must be a matplotlib Figure"):
        figure_alt.describe([1, 2])


def test_install_outside_ipython_does_nothing():
    assert figure_alt.install() is False


def test_a_kernel_shows_figures_with_alt_text_in_their_metadata():
    """The way a notebook meets it: plots.use_style() installs the wrapper; the PNG output carries 'alt'."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from course_lib import figure_alt, plots\nimport matplotlib.pyplot as plt\n"
                                  "plots.use_style()\nprint(figure_alt.install(), figure_alt.install())"),
        nbformat.v4.new_code_cell("fig, ax = plt.subplots()\nax.plot([1, 2], label='He')\n"
                                  "ax.set(title='depth', xlabel='layer', ylabel='std')\nax.legend();"),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert nb.cells[0].outputs[0]["text"].strip() == "True True"
    images = [o for o in nb.cells[1].outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, nb.cells[1].outputs
    assert images[0]["metadata"]["image/png"]["alt"] == "Figure: depth: std against layer; lines: He."


def test_mathtext_reads_as_plain_text(figure):
    ax = figure.add_subplot()
    ax.plot([1, 2])
    ax.set(xlabel=r"steps back $k$", ylabel=r"$\|\partial L\|\,/\,\sqrt{E[x^2]}$")
    assert figure_alt.describe(figure) == "Figure: |partial L| / sqrt{E[x^2]} against steps back k."
