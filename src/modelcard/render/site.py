"""The exported leaderboard: every page of ``modelcard export --site``, as path -> text.

Pure: entries in, files out; ``export.py`` writes them. Every relative link points at a page
this module also returns, and every folder gets an index ``README.md``.

Orders are stable and documented on the pages: tables run from the highest value to the
lowest, models missing the value last; ties, and the models missing it, in id order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from functools import cache, partial

from modelcard.entry import Entry
from modelcard.metrics import (
    COMPUTE_OPTIMAL_RATIO,
    LIGHTWEIGHT,
    TIERS,
    figures_of,
)
from modelcard.ranking import ranked
from modelcard.render.card import arch_slug, has_tag, lab_slug, render_card
from modelcard.render.labels import (
    access_legend,
    access_mark,
    alscore_text,
    count_text,
    released_label,
)
from modelcard.render.markdown import heading, text
from modelcard.slugs import page_slug
from modelcard.units import format_score

TOP = 30
RANKINGS = (
    ("alscore", "alscore", "By ALScore", None),
    ("mmlu", "mmlu", "By MMLU", None),
    ("parameters", "params", "By parameters", None),
    ("released", "released", "By release date (newest first)", None),
    ("reasoning-gpqa", "gpqa", "Reasoning models by GPQA", "Reasoning"),
)
ORDER_NOTE = (
    "Sorted from the highest value to the lowest; models missing the value come last. "
    "Ties, and the models missing the value, are in id order."
)


def model_pages(entries: Iterable[Entry]) -> dict[str, str]:
    """Each entry's card path, ``models/{lab_slug}/{model_slug}.md``, by id.

    Within a lab the model slug is the page slug of the name; when two names give the
    same slug (``Command-R+`` and ``Command-R``), the entry first in id order keeps it and
    the others take the page slug of their id (``command-r-plus``), then ``-2``, ``-3``.
    """
    pages: dict[str, str] = {}
    taken: set[str] = set()
    for entry in sorted(entries, key=lambda e: e.id):
        folder = lab_slug(entry.lab)
        slug = page_slug(entry.name) or page_slug(entry.id) or "model"
        candidates = [slug, page_slug(entry.id) or slug]
        chosen = next((c for c in candidates if f"{folder}/{c}" not in taken), None)
        n = 2
        while chosen is None:
            if f"{folder}/{slug}-{n}" not in taken:
                chosen = f"{slug}-{n}"
            n += 1
        taken.add(f"{folder}/{chosen}")
        pages[entry.id] = f"models/{folder}/{chosen}.md"
    return pages


class Site:
    """The pages of one export; ``files()`` renders them all."""

    # the links under the leaderboard's title: (text, page)
    NAVIGATION: tuple[tuple[str, str], ...] = (
        ("All labs", "labs/README.md"),
        ("Architectures", "architectures/README.md"),
        ("Rankings", "rankings/README.md"),
        ("All model cards", "models/README.md"),
    )

    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        credit: bool,
        chart: bool = False,
        pages: Mapping[str, str] | None = None,
    ) -> None:
        """``pages``: each entry's card path by id, where it must agree with a wider
        catalog's (``model_pages`` of every model of the labs); by default, of ``entries``."""
        self.entries = sorted(entries, key=lambda e: e.id)
        # names, labs and architectures recur on many pages (each ranking, group and index
        # lists them): each is escaped and slugged once per export, not once per mention
        self.text = cache(text)
        self.lab_slug = cache(lab_slug)
        self.arch_slug = cache(arch_slug)
        self.credit = credit
        # the chart needs matplotlib (the plot extra); without it the site has none
        self.chart = None
        if chart:
            from modelcard.render.chart import chart_data

            self.chart = chart_data(self.entries)
        self.pages = dict(pages) if pages is not None else model_pages(self.entries)
        self.labs = _groups(self.entries, lambda e: self.lab_slug(e.lab), lambda e: e.lab)
        with_arch = [e for e in self.entries if e.architecture]
        self.archs = _groups(
            with_arch,
            lambda e: self.arch_slug(e.architecture or ""),
            lambda e: e.architecture or "",
        )

    def _pages(self) -> list[tuple[str, Callable[[], str]]]:
        """Every page: its path and how to render it (rendered only when asked for)."""
        pages: list[tuple[str, Callable[[], str]]] = [
            (self.pages[e.id], partial(render_card, e)) for e in self.entries
        ]
        pages.append(("README.md", self.leaderboard))
        if self.chart is not None:
            from modelcard.render.chart import svg_chart

            pages.append(("chart.svg", partial(svg_chart, self.chart)))
        pages.append(("labs/README.md", partial(self.group_index, "Labs", self.labs, "labs")))
        for slug, (names, members) in self.labs.items():
            pages.append((f"labs/{slug}.md", partial(self.group_page, names, members, True)))
        pages.append(
            (
                "architectures/README.md",
                partial(self.group_index, "Architectures", self.archs, "architectures"),
            )
        )
        for slug, (names, members) in self.archs.items():
            pages.append(
                (f"architectures/{slug}.md", partial(self.group_page, names, members, False))
            )
        pages.append(("rankings/README.md", self.rankings_index))
        for slug, by, title, tag in RANKINGS:
            pages.append((f"rankings/{slug}.md", partial(self.ranking_page, title, by, tag)))
        pages.append(("models/README.md", self.models_index))
        for slug, (names, members) in self.labs.items():
            pages.append(
                (f"models/{slug}/README.md", partial(self.lab_models_index, names, members))
            )
        return pages

    def paths(self) -> list[str]:
        return [path for path, _ in self._pages()]

    def files(self) -> Iterator[tuple[str, str]]:
        """(path, text) of every page, rendered one at a time, so that a site of 10,000
        models never holds every page in memory at once."""
        for path, render in self._pages():
            yield path, render()

    # -- links and cells --------------------------------------------------------------

    def model_link(self, entry: Entry, depth: int) -> str:
        return f"[{self.text(entry.name)}]({'../' * depth}{self.pages[entry.id]})"

    def lab_link(self, entry: Entry, depth: int) -> str:
        return f"[{self.text(entry.lab)}]({'../' * depth}labs/{self.lab_slug(entry.lab)}.md)"

    def arch_cell(self, entry: Entry, depth: int) -> str:
        if not entry.architecture:
            return "-"
        target = f"{'../' * depth}architectures/{self.arch_slug(entry.architecture)}.md"
        return f"[{self.text(entry.architecture)}]({target})"

    # -- pages --------------------------------------------------------------------------

    def leaderboard(self) -> str:
        total = len(self.entries)
        public = sum(e.access == "public" for e in self.entries)
        private = sum(e.access == "private" for e in self.entries)
        out = [
            "# LLM Leaderboard",
            "",
            f"{total:,} models from {len(self.labs):,} labs, ranked by ALScore.",
            "",
            "- " + " · ".join(f"[{title}]({page})" for title, page in self.NAVIGATION),
            "",
            f"## 🏆 Top {min(TOP, total)} by ALScore",
            "",
        ]
        header = ["Rank", "Model", "Lab", "Params", "Tokens", "ALScore", "MMLU", "GPQA", "Status"]
        rows = []
        for n, e in enumerate(ranked(self.entries, "alscore")[:TOP], start=1):
            rows.append(
                [
                    str(n),
                    self.model_link(e, 0),
                    self.lab_link(e, 0),
                    count_text(e.parameters),
                    count_text(e.tokens),
                    alscore_text(figures_of(e).alscore),
                    format_score(e.score("mmlu")),
                    format_score(e.score("gpqa")),
                    access_mark(e.access),
                ]
            )
        out += _status_table(header, rows)
        out += [
            "",
            "## 📊 Totals",
            "",
            *_table(
                ["Models", "Public", "Private", "Labs"],
                [[f"{total:,}", f"{public:,}", f"{private:,}", f"{len(self.labs):,}"]],
            ),
            "",
            "## 🏢 Labs by model count",
            "",
        ]
        by_count = sorted(self.labs.items(), key=lambda kv: (-len(kv[1][1]), kv[0]))
        out += _table(
            ["Lab", "Models", "Public"],
            [
                [
                    f"[{self.text(' / '.join(names))}](labs/{slug}.md)",
                    str(len(members)),
                    str(sum(m.access == "public" for m in members)),
                ]
                for slug, (names, members) in by_count
            ],
        )
        out += ["", "## 🧱 Architecture distribution", ""]
        counts = Counter(
            self.arch_slug(e.architecture) if e.architecture else "" for e in self.entries
        )
        arch_rows = []
        for slug, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            share = f"{100 * count / total:.1f}%"
            if slug:
                names = self.archs[slug][0]
                label = f"[{self.text(' / '.join(names))}](architectures/{slug}.md)"
            else:
                label = "- (not stated)"
            arch_rows.append([label, str(count), share])
        out += _table(["Architecture", "Models", "Share"], arch_rows)
        if self.chart is not None:
            out += [
                "",
                "## 📈 Parameters and training tokens",
                "",
                f"![{len(self.chart.points)} models: parameters against training tokens, "
                "with the 20:1 line and ALScore contours](chart.svg)",
            ]
        out += ["", *definitions()]
        if self.credit:
            out += credits(self.entries)
        return "\n".join(out) + "\n"

    def group_index(
        self, title: str, groups: dict[str, tuple[list[str], list[Entry]]], folder: str
    ) -> str:
        out = [f"# {title}", "", "[← Back to Leaderboard](../README.md)", ""]
        rows = [
            [f"[{self.text(' / '.join(names))}]({slug}.md)", str(len(members))]
            for slug, (names, members) in sorted(groups.items())
        ]
        out += _table([title.rstrip("s") if title != "Labs" else "Lab", "Models"], rows)
        return "\n".join(out) + "\n"

    def group_page(self, names: list[str], members: list[Entry], lab_page: bool) -> str:
        public = sum(m.access == "public" for m in members)
        out = [
            f"# {heading(' / '.join(names))}",
            "",
            f"**Models:** {len(members)} · **Public:** {public}",
            "",
            "[← Back to Leaderboard](../README.md) · "
            + ("[All labs](README.md)" if lab_page else "[All architectures](README.md)"),
            "",
            ORDER_NOTE.replace("the value", "an ALScore"),
            "",
        ]
        if lab_page:
            header = ["Model", "Params", "Architecture", "ALScore", "MMLU", "GPQA"]
        else:
            header = ["Model", "Lab", "Params", "ALScore", "MMLU", "GPQA"]
        header += ["Released", "Status"]
        rows = []
        for e in ranked(members, "alscore"):
            row = [self.model_link(e, 1)]
            if lab_page:
                row += [count_text(e.parameters), self.arch_cell(e, 1)]
            else:
                row += [self.lab_link(e, 1), count_text(e.parameters)]
            row += [
                alscore_text(figures_of(e).alscore),
                format_score(e.score("mmlu")),
                format_score(e.score("gpqa")),
                released_label(e.released),
                access_mark(e.access),
            ]
            rows.append(row)
        out += _status_table(header, rows)
        return "\n".join(out) + "\n"

    def rankings_index(self) -> str:
        out = ["# Rankings", "", "[← Back to Leaderboard](../README.md)", ""]
        out += [f"- [{title}]({slug}.md)" for slug, _, title, _ in RANKINGS]
        out += ["", ORDER_NOTE]
        return "\n".join(out) + "\n"

    def ranking_page(self, title: str, by: str, tag: str | None) -> str:
        chosen = [e for e in self.entries if tag is None or has_tag(e, tag)]
        value_title = {"alscore": "ALScore", "mmlu": "MMLU", "params": "Params"}
        value_title |= {"released": "Released", "gpqa": "GPQA"}
        out = [f"# {title}", "", "[← Back to Leaderboard](../README.md) · [Rankings](README.md)"]
        out += ["", ORDER_NOTE, ""]
        header = ["Rank", "Model", "Lab", value_title[by], "ALScore", "Status"]
        if by == "alscore":
            header = ["Rank", "Model", "Lab", "ALScore", "Tier", "Params", "Tokens", "Status"]
        rows = []
        for n, e in enumerate(ranked(chosen, by), start=1):
            figures = figures_of(e)
            row = [str(n), self.model_link(e, 1), self.lab_link(e, 1)]
            if by == "alscore":
                row += [
                    alscore_text(figures.alscore),
                    figures.tier or "-",
                    count_text(e.parameters),
                    count_text(e.tokens),
                ]
            else:
                row += [_value(e, by), alscore_text(figures.alscore)]
            row.append(access_mark(e.access))
            rows.append(row)
        out += _status_table(header, rows)
        return "\n".join(out) + "\n"

    def models_index(self) -> str:
        out = ["# Model cards", "", "[← Back to Leaderboard](../README.md)", ""]
        rows = [
            [f"[{self.text(' / '.join(names))}]({slug}/README.md)", str(len(members))]
            for slug, (names, members) in sorted(self.labs.items())
        ]
        out += _table(["Lab", "Cards"], rows)
        return "\n".join(out) + "\n"

    def lab_models_index(self, names: list[str], members: list[Entry]) -> str:
        title = self.text(" / ".join(names))
        out = [f"# {title}: model cards", "", "[← All model cards](../README.md)", ""]
        for e in sorted(members, key=lambda m: (m.name.casefold(), m.id)):
            page = self.pages[e.id].rsplit("/", 1)[1]
            out.append(f"- [{self.text(e.name)}]({page})")
        return "\n".join(out) + "\n"


class CardSite(Site):
    """The cards of ``export --out-dir`` and the pages they link to: the leaderboard
    ``README.md`` (their "Back to Leaderboard"), ``labs/`` and ``architectures/``, so that
    every relative link in the folder resolves. No rankings, model indexes or chart.

    ``cards`` are the ids whose cards are written (default: every entry's); the other
    entries are listed on the pages only (cards an earlier export left in the folder)."""

    NAVIGATION = Site.NAVIGATION[:2]

    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        credit: bool,
        pages: Mapping[str, str] | None = None,
        cards: Collection[str] | None = None,
    ) -> None:
        super().__init__(entries, credit=credit, pages=pages)
        self.cards = {self.pages[e.id] for e in self.entries if cards is None or e.id in cards}

    def _pages(self) -> list[tuple[str, Callable[[], str]]]:
        cards = self.cards
        wanted = ("labs/", "architectures/")
        return [
            (path, render)
            for path, render in super()._pages()
            if path in cards or path == "README.md" or path.startswith(wanted)
        ]


def credits(entries: Iterable[Entry]) -> list[str]:
    """The credit of each dataset the entries' figures were read from, as its licence asks
    (README, "Where the data comes from"), with the snapshots read; none if none was."""
    from modelcard.datasets import DATASETS, credited

    found = credited(entries)
    if not found:
        return []
    lines = ["", "---", "", "Data from:", ""]
    lines += [f"- {DATASETS[key].credit_markdown(dates)}" for key, dates in found.items()]
    return lines


def definitions() -> list[str]:
    tiers = [f"- **{name}**: ALScore ≥ {floor:g}" for floor, name in TIERS]
    tiers.append(f"- **{LIGHTWEIGHT}**: ALScore under {TIERS[-1][0]:g}")
    return [
        "## 📐 How the figures are defined",
        "",
        "- **ALScore** = √(Parameters × Tokens) ÷ 300, with parameters and training tokens "
        "in billions, rounded to one decimal: a quick measure of a model's power.",
        f"- **Token:Param Ratio** = training tokens per parameter, rounded up. "
        f"{COMPUTE_OPTIMAL_RATIO}:1 or more (Chinchilla's rule) is ✅ Compute-optimal; "
        "less is ⚠️ Under-trained.",
        "",
        "Tiers, from the rounded ALScore:",
        "",
        *tiers,
    ]


def _groups(
    entries: Iterable[Entry], slug_of: Callable[[Entry], str], name_of: Callable[[Entry], str]
) -> dict[str, tuple[list[str], list[Entry]]]:
    """Entries grouped by slug; names that share a slug share a page."""
    groups: dict[str, tuple[list[str], list[Entry]]] = {}
    for entry in entries:
        names, members = groups.setdefault(slug_of(entry), ([], []))
        if name_of(entry) not in names:
            names.append(name_of(entry))
        members.append(entry)
    for names, _ in groups.values():
        names.sort()
    return dict(sorted(groups.items()))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table. User text reaches cells only through ``link_text`` (``|`` escaped,
    brackets escaped); everything else is a number or label of ours. Whitespace is folded
    again here, so that no cell can end its row."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(" ".join(c.split()) for c in row) + " |" for row in rows]
    return lines


def _status_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table whose last column is Status, with the legend of its emoji under it."""
    return [*_table(header, rows), "", access_legend()]


def _value(entry: Entry, by: str) -> str:
    if by == "params":
        return count_text(entry.parameters)
    if by == "released":
        return released_label(entry.released) if entry.released else "TBA"
    return format_score(entry.score(by))
