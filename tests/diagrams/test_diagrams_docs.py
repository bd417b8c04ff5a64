"""Tests that the committed drawings in ``docs/diagrams/`` and the README are not stale.

``make diagrams`` (``orderguard diagram --all --out docs/diagrams``) rewrites them. The Mermaid
and DOT files are compared with fresh ones exactly. SVG layout coordinates change between
Graphviz versions, so an SVG is compared by what it shows: its titles (node and edge ids) and
its texts (every label), as a multiset; colours and styles are covered by the committed DOT.
"""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest

from orderguard.cli._diagram import all_drawings
from orderguard.diagrams import render, to_dot, to_mermaid
from tests.helpers.diagrams import ROOT, require_dot

DOCS = ROOT / "docs" / "diagrams"
README = ROOT / "README.md"
FORMATS = {".mmd": to_mermaid, ".dot": to_dot}
STALE = "stale drawing: run 'make diagrams' and commit docs/diagrams"
SHOWN = re.compile(r"<(title|text)\b[^>]*>([^<]*)</\1>")


def svg_content(svg: str) -> Counter[str]:
    """What an SVG shows, without its layout: each title and text, unescaped."""
    return Counter(html.unescape(text) for _, text in SHOWN.findall(svg))


def test_docs_hold_exactly_the_drawings() -> None:
    """docs/diagrams has the .mmd, .dot and .svg of each drawing, and nothing else."""
    expected = {f"{stem}{ext}" for stem in all_drawings() for ext in (".mmd", ".dot", ".svg")}
    assert {path.name for path in DOCS.iterdir()} == expected, STALE


@pytest.mark.parametrize("stem", sorted(all_drawings()))
@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_committed_text_drawing_is_fresh(stem: str, ext: str) -> None:
    """Each committed Mermaid and DOT file equals a fresh drawing, to the character."""
    committed = (DOCS / f"{stem}{ext}").read_text(encoding="utf-8")
    assert committed == FORMATS[ext](all_drawings()[stem]), STALE


@pytest.mark.parametrize("stem", sorted(all_drawings()))
def test_committed_svg_shows_what_a_fresh_one_shows(stem: str) -> None:
    """Each committed SVG has the same titles and texts as a fresh render."""
    require_dot()
    fresh = render(all_drawings()[stem], "svg").decode()
    committed = (DOCS / f"{stem}.svg").read_text(encoding="utf-8")
    assert svg_content(committed) == svg_content(fresh), STALE


def test_svg_content_ignores_layout_but_not_labels() -> None:
    """The SVG comparison sees a changed label and ignores moved coordinates."""
    svg = '<g><title>A</title><text x="1" y="2">start</text></g>'
    assert svg_content(svg) == svg_content(svg.replace('x="1"', 'x="9"'))
    assert svg_content(svg) != svg_content(svg.replace("start", "ship"))


def readme_mermaid() -> list[str]:
    """The body of every ```mermaid block in the README."""
    return re.findall(r"^```mermaid\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)


def test_readme_embeds_the_overview_mermaid() -> None:
    """The README's Mermaid block is the committed overview, unchanged."""
    overview = (DOCS / "overview.mmd").read_text(encoding="utf-8")
    assert readme_mermaid() == [overview], "README's overview is stale: paste overview.mmd"


def test_readme_links_every_svg() -> None:
    """The README links the SVG of every drawing in docs/diagrams."""
    text = README.read_text(encoding="utf-8")
    missing = [p.name for p in sorted(DOCS.glob("*.svg")) if f"docs/diagrams/{p.name}" not in text]
    assert not missing, f"README does not link {missing}"
