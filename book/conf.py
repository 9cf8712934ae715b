"""Sphinx configuration of the course's web book; ``python3 course.py book`` (tools/book.py) builds it.

The source folder is written by tools/book.py (the release notebooks with the solutions' safe outputs);
nothing is executed here (``nb_execution_mode = "off"``) and nothing is loaded from another host: MathJax
is shipped in ``_static/mathjax/`` by tools/book.py, and Furo needs no web fonts.
"""

project = "Weight initialization: an autograded course"
author = "the course authors"
html_show_copyright = False
html_title = "Weight initialization"
root_doc = "index"
extensions = ["myst_nb"]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
nb_execution_mode = "off"
nb_merge_streams = True
html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["course.css"]
mathjax_path = "mathjax/tex-chtml.js"  # inside _static/, copied there by tools/book.py
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
exclude_patterns = ["jupyter_execute"]
