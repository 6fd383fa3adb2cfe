"""Rebuild the bundled catalog (src/modelcard/data/catalog) from the three snapshots in data/.

1. The LifeArchitect.ai Models Table (data/models-table.csv), read with the project's own
   importer, with the reviewed files of data/curation applied (aliases, open weights, active
   parameters, figures the labs published; see src/modelcard/curation.py).
2. Epoch AI's Notable AI Models (data/epoch-notable-ai-models.csv), then models.dev
   (data/models-dev.tar.gz), each matched to the entries and merged into them field by
   field with provenance (src/modelcard/sources/: the crosswalk and the merge policy in
   src/modelcard/data/).
3. Which models that only Epoch or models.dev know enter the catalog: those released after
   the Models Table's snapshot (2025-10-02). Up to that day the table is the curated list of
   the language models that matter (Epoch's rows before it are older or smaller models the
   table leaves out on purpose: encoders, pre-2018 systems, research checkpoints); after it,
   the other two sources are the only ones that know the new models. `modelcard import`
   and `modelcard update` take every language model of a source.

An entry's `updated` is the date of the newest snapshot its values come from. The result is
swapped into place, with src/modelcard/data/catalog.toml, which names the snapshots, credits
the sources, counts what each gave, and stamps the catalog (a fetched layer built on another
catalog is rebuilt when the stamp changes), and NOTICE.md, the credits and licence notices
that must travel with the data:

    python scripts/build_catalog.py            # rebuild the bundled catalog
    python scripts/build_catalog.py --out DIR  # write catalog/, catalog.toml, NOTICE.md in DIR

Deterministic: the same inputs give the same files, byte for byte. A summary goes to stderr.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from modelcard import provenance  # noqa: E402
from modelcard.curation import Curation, apply, check_aliases_unique, estimates  # noqa: E402
from modelcard.datasets import (  # noqa: E402
    BUNDLED,
    EPOCH,
    LIFEARCHITECT,
    MODELSDEV_COMMIT,
    used,
)
from modelcard.entry import Entry, dumps  # noqa: E402
from modelcard.importers import read_models_table  # noqa: E402
from modelcard.sources import crosswalk as crosswalk_mod  # noqa: E402
from modelcard.sources import policy as policy_mod  # noqa: E402
from modelcard.sources.combine import (  # noqa: E402
    Combined,
    Input,
    combine,
    released_after,
    to_entry,
)
from modelcard.sources.epoch import read_epoch  # noqa: E402
from modelcard.sources.manifest import BundledManifest, stamp_of  # noqa: E402
from modelcard.sources.modelsdev import read_archive  # noqa: E402

CSV = ROOT / "data" / "models-table.csv"
EPOCH_CSV = ROOT / "data" / "epoch-notable-ai-models.csv"
MODELSDEV_TAR = ROOT / "data" / "models-dev.tar.gz"
CURATION = ROOT / "data" / "curation"
DATA = ROOT / "src" / "modelcard" / "data"
CATALOG = DATA / "catalog"
MANIFEST = DATA / "catalog.toml"
SNAPSHOT = dt.date(2025, 10, 2)


def build() -> tuple[list[Entry], Combined]:
    """The bundled catalog's entries, and what each source gave."""
    text = CSV.read_text(encoding="utf-8")
    table = read_models_table(
        text, source="data/models-table.csv", updated=SNAPSHOT, snapshot=SNAPSHOT
    )
    curation = Curation.load(CURATION)
    base = apply(table.entries, curation)
    epoch = read_epoch(EPOCH_CSV.read_text(encoding="utf-8"), source="data/" + EPOCH_CSV.name)
    modelsdev = read_archive(MODELSDEV_TAR, commit=MODELSDEV_COMMIT)
    combined = combine(
        base,
        [Input(epoch), Input(modelsdev)],
        crosswalk=crosswalk_mod.load(),
        policy=policy_mod.load(),
        keep_new=released_after(LIFEARCHITECT.snapshot),
    )
    entries = [finished(id, doc, curation) for id, doc in combined.documents.items()]
    check_aliases_unique(entries)
    return entries, combined


def finished(id: str, doc: dict[str, Any], curation: Curation) -> Entry:
    """An entry from its merged document (``combine.to_entry``), its table figures rated
    again: its weights may now be known to be open, which makes the table's counts likely."""
    return estimates(provenance.rated(to_entry(id, doc)), curation)


def write(entries: list[Entry], folder: Path) -> None:
    folder.mkdir(parents=True)
    for entry in entries:
        (folder / f"{entry.id}.toml").write_text(dumps(entry), encoding="utf-8")


def manifest(entries: list[Entry], combined: Combined) -> BundledManifest:
    created = collections.Counter(
        combined.created_by[e.id] for e in entries if e.id in combined.created_by
    )
    counts = {
        "entries": len(entries),
        "lifearchitect": len(entries) - sum(created.values()),
    }
    for step in combined.steps:
        counts[f"{step.dataset} matched"] = len(step.matched)
        counts[f"{step.dataset} new"] = created[step.dataset]
    counts["values kept as alternatives"] = sum(
        len(items) for e in entries for items in e.alternatives.values()
    )
    texts = {e.id: dumps(e) for e in entries}
    return BundledManifest(
        stamp=stamp_of(texts),
        datasets=dict(BUNDLED),
        counts=counts,
    )


def summary(entries: list[Entry], combined: Combined) -> str:
    weights = collections.Counter(
        {True: "true", False: "false", None: "unknown"}[e.open_weights] for e in entries
    )
    moe = [e for e in entries if e.architecture == "MoE"]
    levels: collections.Counter[str] = collections.Counter()
    for entry in entries:
        for source in entry.sources.values():
            levels[source.get("confidence", "none")] += 1
    kept = {e.id for e in entries}
    lines = [
        f"build_catalog: {len(entries)} entries",
        "  open_weights: " + ", ".join(f"{k} {weights[k]}" for k in ("true", "false", "unknown")),
        f"  aliases: {sum(len(e.aliases) for e in entries)} "
        f"on {sum(1 for e in entries if e.aliases)} models",
        f"  MoE with active parameters: {sum(1 for e in moe if e.active_parameters)} of {len(moe)}",
        "  sources by confidence: " + ", ".join(f"{k} {n}" for k, n in sorted(levels.items())),
    ]
    for step in combined.steps:
        new = [m for m in step.created if m.entry in kept]
        lines.append(
            f"  {step.dataset}: {step.records} records, {len(step.matched)} matched to an entry, "
            f"{len(new)} new entries kept, {len(step.created) - len(new)} new left out "
            f"(released before the table's snapshot), {len(step.skipped)} skipped"
        )
    both = [
        e.id
        for e in entries
        if len(
            {s.get("dataset") for s in e.sources.values()} & {"lifearchitect", "epoch", "modelsdev"}
        )
        > 1
    ]
    lines.append(f"  entries with figures from two or more datasets: {len(both)}")
    conflicts = sum(len(items) for e in entries for items in e.alternatives.values())
    lines.append(
        f"  values kept as alternatives: {conflicts} "
        f"in {sum(1 for e in entries if e.alternatives)} entries"
    )
    return "\n".join(lines)


def notice(about: BundledManifest) -> str:
    """NOTICE.md of the package data: each source credited as its licence asks, with the
    MIT notices in full (they must travel with every copy of the data)."""
    epoch = about.datasets[EPOCH.key]
    lines = [
        "# The data in catalog/",
        "",
        f"modelcard's bundled catalog ({about.counts['entries']} models) is built by "
        "scripts/build_catalog.py from three public datasets, matched and merged field by "
        "field; every figure names its source in the entry's [sources] table.",
        "",
    ]
    for d in about.datasets.values():
        lines.append(f"- {d.credit}: {d.title}, {d.url}, snapshot {d.snapshot}; {d.licence}.")
    lines += [
        "",
        f"{epoch.credit}. Epoch AI's Notable AI Models is licensed under CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/). Changes: the rows whose Domain "
        "includes Language were selected; parameters and dataset sizes converted to exact "
        "counts (a dataset size taken as tokens only where Epoch's notes say so, times its "
        "epochs); Confidence mapped onto confident/likely/speculative; the records matched to "
        "the other sources' models and merged with them (models only Epoch has enter when "
        "released after the Models Table's snapshot).",
        "",
        "The Models Table came through the repository AIComputing101/llm-leaderboard:",
        "",
        "```",
        (ROOT / "data" / "LICENSE-llm-leaderboard").read_text(encoding="utf-8").strip(),
        "```",
        "",
        f"models.dev (https://models.dev), commit {MODELSDEV_COMMIT}:",
        "",
        "```",
        (ROOT / "data" / "LICENSE-models.dev").read_text(encoding="utf-8").strip(),
        "```",
    ]
    return "\n".join(lines) + "\n"


def datasets_of(entry: Entry) -> set[str]:
    return set(used(entry.sources.values()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write catalog/ and catalog.toml into this folder")
    args = parser.parse_args(argv)
    entries, combined = build()
    about = manifest(entries, combined)
    if args.out is not None:
        write(entries, args.out / "catalog")
        (args.out / "catalog.toml").write_text(about.dumps(), encoding="utf-8")
        (args.out / "NOTICE.md").write_text(notice(about), encoding="utf-8")
        print(summary(entries, combined), file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(dir=CATALOG.parent) as tmp:
        staging = Path(tmp) / "catalog"
        write(entries, staging)
        old = Path(tmp) / "old"
        if CATALOG.exists():
            CATALOG.rename(old)
        staging.rename(CATALOG)
        shutil.rmtree(old, ignore_errors=True)
    MANIFEST.write_text(about.dumps(), encoding="utf-8")
    (DATA / "NOTICE.md").write_text(notice(about), encoding="utf-8")
    print(summary(entries, combined), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
