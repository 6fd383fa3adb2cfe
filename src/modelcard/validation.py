"""``modelcard validate``: every problem in a catalog, without stopping at the first.

Errors make an entry unusable (bad TOML, a field out of range, a file name that is not an
id); warnings are facts worth knowing that the tool copes with (a stale sheet figure, a
link that is not a URL, two models whose pages share a slug). Nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import stale_temp_files
from .entry import Entry
from .errors import InvalidEntry
from .importers import stale_figures
from .render.markdown import is_url
from .slugs import is_valid_id, model_id
from .store import Catalog, list_ids, read_entry

if TYPE_CHECKING:
    from .progress import Tick


@dataclass(frozen=True)
class Finding:
    path: str
    message: str
    error: bool

    @property
    def severity(self) -> str:
        return "error" if self.error else "warning"

    def __str__(self) -> str:
        return f"{self.severity}: {self.path}: {self.message}" if self.path else self.message


@dataclass
class Report:
    checked: int
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.error]


def validate(
    catalog: Catalog,
    *,
    include_builtin: bool = False,
    strict: bool = False,
    progress: Tick | None = None,
) -> Report:
    """Check the user store and the team folders of ``MODELCARD_PATH`` (and the bundled
    catalog and the fetched sources with ``include_builtin``); ``strict`` also reports every
    figure that has no source. ``progress`` is told of each file checked."""
    files: list[tuple[str, Path, bool]] = []
    findings: list[Finding] = []
    for layer in catalog.layers():
        if layer.name == "team" and not layer.root.is_dir():
            findings.append(
                Finding(str(layer.root), "a MODELCARD_PATH folder that is not there", True)
            )
        if layer.builtin and (layer.name == "team" or include_builtin):
            files += [(id, path, True) for id, path in sorted(list_ids(layer.folder).items())]
    files += [(id, path, False) for id, path in sorted(catalog.user_ids().items())]
    entries: list[Entry] = []
    for done, (id, path, bundled) in enumerate(files):
        if progress is not None:
            progress("checking entries", done, len(files))
        if not is_valid_id(id):
            findings.append(
                Finding(
                    str(path),
                    f"the file name is not an id (lowercase letters, digits, '.', '_', '-'); "
                    f"rename it to {model_id(id)}.toml",
                    True,
                )
            )
            continue
        try:
            entry = read_entry(path, builtin=bundled, layer=catalog.layer_of(path))
        except InvalidEntry as exc:
            message = str(exc).removeprefix(f"{path}: ").removeprefix(str(path))
            findings.append(Finding(str(path), message.lstrip(":"), True))
            continue
        entries.append(entry)
        findings += entry_warnings(entry)
        if strict:
            findings += [
                Finding(str(path), f"{field}: no source (add [sources.{field}])", False)
                for field in unsourced(entry)
            ]
    findings += duplicates(entries)
    findings += look_alikes(entries)
    findings += slug_collisions(entries)
    for leftover in stale_temp_files(catalog.tmp_dir):
        findings.append(Finding(str(leftover), "a temporary file left by a killed process", False))
    return Report(checked=len(files), findings=findings)


def entry_warnings(entry: Entry) -> list[Finding]:
    where = str(entry.path)
    found = [
        Finding(where, f"links.{name}: {target!r} is not an http(s) URL", False)
        for name, target in entry.links.items()
        if not is_url(target)
    ]
    found += [Finding(where, message, False) for message in stale_figures(entry)]
    return found


def unsourced(entry: Entry) -> list[str]:
    """The figures an entry states without a source for them."""
    stated = [f for f in ("parameters", "active_parameters", "tokens") if getattr(entry, f)]
    stated += [f"benchmarks.{name}" for name in entry.benchmarks]
    return [f for f in stated if f not in entry.sources]


def duplicates(entries: list[Entry]) -> list[Finding]:
    """Files whose ids differ only in case, and entries with the same name and lab."""
    found = []
    by_id: dict[str, list[Entry]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        by_id[entry.id.casefold()].append(entry)
    # an entry a higher layer shadows (same id: the fetched copy of a bundled model) is no
    # second model of that name; the entries come lowest layer first, so the last one stays
    for entry in {e.id: e for e in entries}.values():
        by_name[(entry.name.casefold(), entry.lab.casefold())].append(entry)
    for same in by_id.values():
        if len({e.layer for e in same}) == 1 and len(same) > 1:
            ids = ", ".join(e.id for e in same)
            found.append(Finding(str(same[1].path), f"duplicate id: {ids}", True))
    for same in by_name.values():
        if len(same) > 1:
            others = ", ".join(e.id for e in same[1:])
            found.append(
                Finding(
                    str(same[0].path),
                    f"{same[0].name!r} of {same[0].lab} is also {others}: "
                    "looking it up by name is ambiguous (use the ids)",
                    False,
                )
            )
    return found


# Letters of other scripts that look like Latin ones (after case folding, so that capitals,
# which are where most of them look alike, are covered by their small forms).
_LATIN_LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕһԁԛԝӏвкмнтαβεζηικμνορτυχ",
    "aeopcyxijshdqwlbkmhtabezhikmnoptyx",
)


def look_alike_key(name: str) -> str:
    """What a name looks like: compatibility forms (full-width letters) folded, case
    folded, and Cyrillic and Greek letters that look Latin read as Latin."""
    import unicodedata

    return unicodedata.normalize("NFKC", name).casefold().translate(_LATIN_LOOK_ALIKES)


def look_alikes(entries: list[Entry]) -> list[Finding]:
    """Entries whose names differ but look the same (a Cyrillic ``а`` in "Clаude"): a
    reader cannot tell them apart, so one may be a mistake or a trap."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[look_alike_key(entry.name)].append(entry)
    import unicodedata

    found = []
    for same in groups.values():
        # the name with the fewest characters from outside ASCII is the one the others mimic
        first, *others = sorted(same, key=lambda e: (sum(not c.isascii() for c in e.name), e.id))
        for other in others:
            if other.name.casefold() == first.name.casefold():
                continue  # the same name: duplicates() says so
            odd = next(c for c in other.name if c not in first.name)
            found.append(
                Finding(
                    str(other.path),
                    f"its name {other.name!r} looks like {first.name!r} ({first.id}) but is "
                    f"written with other characters ({unicodedata.name(odd, hex(ord(odd)))})",
                    False,
                )
            )
    return found


def slug_collisions(entries: list[Entry]) -> list[Finding]:
    """Models of one lab whose names give the same page slug (the export separates them)."""
    from .render.site import model_pages
    from .slugs import page_slug

    visible = {e.id: e for e in sorted(entries, key=lambda e: e.builtin, reverse=True)}
    pages = model_pages(visible.values())
    found = []
    for id, page in sorted(pages.items()):
        entry = visible[id]
        wanted = page_slug(entry.name)
        if wanted and not page.endswith(f"/{wanted}.md"):
            found.append(
                Finding(
                    str(entry.path),
                    f"its page slug {wanted!r} is taken by another {entry.lab} model; "
                    f"the export writes its card to {page}",
                    False,
                )
            )
    return found
