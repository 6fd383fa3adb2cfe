"""The exported leaderboard as a static HTML site: ``export --site DIR --format html``.

Pure, like ``site.py``: entries in, (path, text) out; ``export.py`` writes them. Pages are
Jinja2 templates (``render/templates``) with autoescaping on, fed only the plain values of
``view.py``, so that every string from an entry reaches the page as text. The one stylesheet
and the one script are ours, inline, and named by hash in each page's Content-Security-Policy,
which also forbids loading anything: the site works from ``file://`` and fetches nothing.

Jinja2 is imported here and only here, when a site is rendered.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from modelcard.entry import Entry
from modelcard.metrics import COMPUTE_OPTIMAL_RATIO, LIGHTWEIGHT, TIERS
from modelcard.ranking import ranked
from modelcard.render.card import arch_slug, lab_slug
from modelcard.render.site import model_pages
from modelcard.render.view import (
    ESTIMATES,
    MISSING,
    card_view,
    columns,
    open_weights_of,
    row_view,
)

if TYPE_CHECKING:
    from jinja2 import Environment


class HtmlSite:
    """The pages of one HTML export; ``files()`` renders them one at a time."""

    def __init__(self, entries: Sequence[Entry], *, credit: bool, chart: bool = False) -> None:
        self.entries = sorted(entries, key=lambda e: e.id)
        self.credit = credit
        self.chart = chart
        self.ranks = {e.id: n for n, e in enumerate(ranked(self.entries, "alscore"), start=1)}
        self.pages = {
            id: path[: -len(".md")] + ".html" for id, path in model_pages(entries).items()
        }
        self.labs: dict[str, tuple[list[str], list[Entry]]] = {}
        for entry in self.entries:
            names, members = self.labs.setdefault(lab_slug(entry.lab), ([], []))
            if entry.lab not in names:
                names.append(entry.lab)
            members.append(entry)
        self.labs = dict(sorted(self.labs.items()))
        self.archs: dict[str, str] = {}
        for entry in self.entries:
            if entry.architecture:
                self.archs.setdefault(arch_slug(entry.architecture), entry.architecture)
        self.columns = columns(self.entries)
        self.credits = credits(self.entries) if credit else []
        self._rows: dict[str, dict[str, Any]] = {}
        self._env: Environment | None = None

    def _pages(self) -> list[tuple[str, Callable[[], str]]]:
        pages: list[tuple[str, Callable[[], str]]] = [("index.html", self.index)]
        pages += [(self.pages[e.id], partial(self.model_page, e)) for e in self.entries]
        pages.append(("labs/index.html", self.labs_index))
        pages += [
            (f"labs/{slug}.html", partial(self.lab_page, slug, names, members))
            for slug, (names, members) in self.labs.items()
        ]
        return pages

    def paths(self) -> list[str]:
        return [path for path, _ in self._pages()]

    def files(self) -> Iterator[tuple[str, str]]:
        for path, render in self._pages():
            yield path, render()

    # -- rendering ----------------------------------------------------------------------

    @property
    def env(self) -> Environment:
        if self._env is None:
            self._env = environment()
        return self._env

    def _render(self, template: str, depth: int, **values: Any) -> str:
        css, js = (self.env.globals[name] for name in ("css", "js"))
        return self.env.get_template(template).render(
            root="../" * depth,
            credits=self.credits,
            csp=content_security_policy(str(css), str(js)),
            **values,
        )

    def row(self, entry: Entry) -> dict[str, Any]:
        if entry.id not in self._rows:
            arch = arch_slug(entry.architecture) if entry.architecture else None
            self._rows[entry.id] = row_view(
                entry,
                rank=self.ranks[entry.id],
                page=self.pages[entry.id],
                lab_page=f"labs/{lab_slug(entry.lab)}.html",
                arch_key=arch,
            )
        return self._rows[entry.id]

    def _board(self, entries: Sequence[Entry], leave_out: Sequence[str] = ()) -> Any:
        rows = [self.row(e) for e in sorted(entries, key=lambda e: self.ranks[e.id])]

        def shown(key: str) -> bool:
            # a lab's page leaves out the benchmarks (and later fields) none of its models has
            optional = key.startswith("b-") or key in ("open", "context")
            return not optional or any(
                r["cells"].get(key, MISSING)["sort"] is not None for r in rows
            )

        cols = [c for c in self.columns if c.key not in leave_out and shown(c.key)]
        estimated = any(
            r["cells"][c.key]["estimate"] for r in rows for c in cols if c.key in r["cells"]
        )
        return {
            "columns": cols,
            "rows": rows,
            "missing": MISSING,
            "lab_column": "lab" not in leave_out,
            "tall": len(rows) > 30,  # scrolls inside the page, under its own header
            "estimated": estimated,
            "open": any(open_weights_of(e) is not None for e in entries),
            "archs": sorted(
                (
                    {"key": k, "name": n}
                    for k, n in self.archs.items()
                    if any(r["arch"] == k for r in rows)
                ),
                key=lambda a: a["name"].lower(),
            ),  # fmt: skip
        }

    def index(self) -> str:
        chart = None
        if self.chart:
            chart = chart_image(self.entries)
        return self._render(
            "index.html",
            0,
            board=self._board(self.entries),
            total=len(self.entries),
            lab_count=len(self.labs),
            chart=chart,
            tiers=[(name, floor) for floor, name in TIERS],
            lightweight=LIGHTWEIGHT,
            lowest_tier=TIERS[-1][0],
            optimal_ratio=COMPUTE_OPTIMAL_RATIO,
            estimates=ESTIMATES,
        )

    def model_page(self, entry: Entry) -> str:
        return self._render(
            "model.html",
            2,
            card=card_view(entry, rank=self.ranks[entry.id], total=len(self.entries)),
            lab_page=f"labs/{lab_slug(entry.lab)}.html",
            arch_key=arch_slug(entry.architecture) if entry.architecture else None,
        )

    def lab_page(self, slug: str, names: list[str], members: list[Entry]) -> str:
        return self._render(
            "lab.html",
            1,
            names=names,
            board=self._board(members, ["lab"]),
            public=sum(m.access == "public" for m in members),
        )

    def labs_index(self) -> str:
        labs = []
        for slug, (names, members) in self.labs.items():
            best = min(self.ranks[m.id] for m in members)
            labs.append(
                {
                    "names": names,
                    "page": f"labs/{slug}.html",
                    "models": len(members),
                    "public": sum(m.access == "public" for m in members),
                    "best": best,
                }
            )
        return self._render("labs.html", 1, labs=labs)


def credits(entries: Sequence[Entry]) -> list[dict[str, str]]:
    """Each dataset the entries' figures were read from, as its licence asks to be
    credited (the template escapes every value)."""
    from modelcard.datasets import DATASETS, credited

    found = []
    for key, dates in credited(entries).items():
        d = DATASETS[key]
        found.append(
            {
                "title": d.title,
                "url": d.url,
                "by": f"by {d.by}" if d.by else "",
                "dated": f"{d.dated} {', '.join(sorted(dates))}" if dates else "",
                "licence": d.licence_name,
                "licence_url": d.licence_url,
                "credit": d.credit,
            }
        )
    return found


def environment() -> Environment:
    """The templates, autoescaped: a value is text unless marked safe, and only our own
    stylesheet and script are."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("modelcard.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name, file in (("css", "site.css"), ("js", "board.js")):
        source, _, _ = env.loader.get_source(env, file)  # type: ignore[union-attr]
        env.globals[name] = Markup(source.strip())
    return env


def content_security_policy(css: str, js: str) -> str:
    """Nothing may load, and only our own style and script (by hash) may run; images only
    from ``data:`` (the chart)."""

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    return (
        f"default-src 'none'; style-src {digest(css)}; script-src {digest(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def chart_image(entries: Sequence[Entry]) -> dict[str, Any] | None:
    """The chart (the plot extra's SVG) as a ``data:`` image. An image, not SVG markup in the
    page: whatever text the SVG holds (model names) stays inside an image, where it can
    never become markup or script of the page."""
    from modelcard.render.chart import chart_data, svg_chart

    data = chart_data(entries)
    if data is None:
        return None
    svg = svg_chart(data)
    # the image's own size (matplotlib writes it in points), so that the page keeps its shape
    size = re.search(r'<svg[^>]*\bviewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    width, height = (float(size[1]), float(size[2])) if size else (720.0, 518.4)
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "count": len(data.points),
        "width": round(width * 4 / 3),
        "height": round(height * 4 / 3),
    }
