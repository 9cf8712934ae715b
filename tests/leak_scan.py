"""What must never leave the course's private side: the lines of the solution and hidden-test blocks.

``secret_lines(ids)`` collects the distinctive lines (16 characters or more, whitespace collapsed) of every
``### BEGIN SOLUTION`` and ``### BEGIN HIDDEN TESTS`` block of ``solutions/`` that no release notebook shows;
``readable_text(path)`` is what a file says whatever its format (raw, HTML as text, notebook JSON as its
strings, Sphinx's objects.inv), so a scan finds a line however a page or a git object stores it.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from pathlib import Path

import nbformat

from tools.authoring import release_path, solution_path
from tools.start_page import START_PAGE

SECRET_BLOCK = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)[^\n]*\n(.*?)### END \1", re.S)
MIN_SECRET_CHARS = 16  # shorter lines ("else:", "return out") say nothing about an answer


def normalized(text: str) -> str:
    return " ".join(text.split())


def secret_lines(pages: list[str]) -> set[str]:
    """Lines of the solution and hidden-test blocks of ``solutions/`` that no release notebook shows."""
    shown = normalized("\n".join(cell.source for path in [START_PAGE, *map(release_path, pages)]
                                 for cell in nbformat.read(path, as_version=4).cells))
    lines = set()
    for assignment in pages:
        for cell in nbformat.read(solution_path(assignment), as_version=4).cells:
            for block in SECRET_BLOCK.finditer(cell.source):
                for line in block.group(2).splitlines():
                    if len(normalized(line)) >= MIN_SECRET_CHARS and normalized(line) not in shown:
                        lines.add(normalized(line))
    return lines


def readable_text(path: Path, raw: bytes | None = None) -> str:
    """What a file says, whatever its format: raw, HTML as text, notebook JSON as its strings, objects.inv.

    ``raw`` gives the bytes directly (a git object, say), ``path`` then only names the format."""
    from bs4 import BeautifulSoup

    raw = path.read_bytes() if raw is None else raw
    if path.name == "objects.inv":
        raw = raw.split(b"\n", 4)[-1]
        raw = zlib.decompress(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""  # images and fonts
    parts = [text, html.unescape(text)]
    if path.suffix == ".html":
        parts.append(BeautifulSoup(text, "html.parser").get_text())
    if path.suffix in (".ipynb", ".json"):
        try:
            parts.append("".join(json_strings(json.loads(text))))
        except json.JSONDecodeError:
            pass  # not JSON after all: its raw text is scanned
    if path.name == "searchindex.js":  # Search.setIndex({...}): JSON with escaped strings
        parts.append("\n".join(json_strings(json.loads(text[text.index("(") + 1:text.rindex(")")]))))
    return normalized("\n".join(parts))


def json_strings(value):
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
