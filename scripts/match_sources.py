"""Match the Epoch AI and models.dev snapshots in data/ against the bundled catalog, and count.

Epoch's records are matched first against the bundled catalog (the Models Table); models.dev's
then against the catalog plus the entries Epoch's records would create, so that a model new in
both lands in one entry. Then every record is merged (sources/merging.py, the policy in
src/modelcard/data/merge-policy.toml) and the disagreements kept are counted. Nothing is
written: this measures what the build would do.

    python scripts/match_sources.py            # the counts
    python scripts/match_sources.py --report   # and every report line (near misses, conflicts)
    python scripts/match_sources.py --new      # and the new models after the Models Table
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from modelcard import entry as entry_mod  # noqa: E402
from modelcard.sources import crosswalk as crosswalk_mod  # noqa: E402
from modelcard.sources import policy as policy_mod  # noqa: E402
from modelcard.sources.epoch import read_epoch  # noqa: E402
from modelcard.sources.matching import Known, Matching, match_records  # noqa: E402
from modelcard.sources.merging import merge, new_document  # noqa: E402
from modelcard.sources.modelsdev import read_archive  # noqa: E402
from modelcard.sources.records import LIFEARCHITECT, MODELSDEV_COMMIT, Reading  # noqa: E402

CATALOG = ROOT / "src" / "modelcard" / "data" / "catalog"
EPOCH_CSV = ROOT / "data" / "epoch-notable-ai-models.csv"
MODELSDEV_TAR = ROOT / "data" / "models-dev.tar.gz"


def bundled() -> list[Known]:
    import tomllib

    entries = []
    for path in sorted(CATALOG.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        aliases = data.get("aliases", [])
        entries.append(Known(path.stem, data["name"], data["lab"], data.get("released"), aliases))
    return entries


def after(
    entries: list[Known], matching: Matching, crosswalk: crosswalk_mod.Crosswalk
) -> list[Known]:
    """The entries as a merge would leave them: a matched record's name becomes an alias of
    its entry (unless it is a moving pointer), and each new record a new entry."""
    aliases: dict[str, list[str]] = {}
    for m in matching.matched:
        if m.entry is not None and m.adds_aliases:
            aliases.setdefault(m.entry, []).append(m.record.name)
    grown = [
        Known(e.id, e.name, e.lab, e.released, (*e.aliases, *aliases.get(e.id, [])))
        for e in entries
    ]
    return grown + [
        Known(m.entry, m.record.name, crosswalk.lab_name(m.record.lab), m.record.released)
        for m in matching.created
        if m.entry is not None
    ]


def summary(label: str, reading: Reading, matching: Matching) -> None:
    after = [m for m in matching.created if (m.record.released or "") > LIFEARCHITECT.snapshot]
    kinds = Counter(p.kind for p in reading.problems)
    print(f"{label}: {len(reading.records)} records", end="")
    if reading.counts:
        print(" (" + ", ".join(f"{v} {k}" for k, v in sorted(reading.counts.items())) + ")", end="")
    print()
    print(f"  reported, not imported: {kinds['skipped']} files/rows, {kinds['dropped']} values")
    print(f"  matched to an entry:    {len(matching.matched)}")
    crosswalked = sum(1 for m in matching.matches if m.how.startswith(("crosswalk", "skipped (c")))
    print(f"  by the crosswalk:       {crosswalked}")
    print(f"  new entries:            {len(matching.created)} ({len(after)} after 2025-10-02)")
    print(f"  skipped:                {len(matching.skipped)}")
    conflicts = [line for line in matching.report if line.startswith("conflict")]
    print(f"  conflicts:              {len(conflicts)}")
    print(f"  near misses reported:   {len(matching.report) - len(conflicts)}")


def merged(
    matchings: list[Matching], crosswalk: crosswalk_mod.Crosswalk
) -> dict[str, Counter[str]]:
    """Merge every matched and new record into the bundled entries' documents; count what
    each dataset's figures did, and check that a second merge changes nothing."""
    from typing import Any

    policy = policy_mod.load()
    documents: dict[str, dict[str, Any]] = {}
    for path in sorted(CATALOG.glob("*.toml")):
        entry = entry_mod.loads(path.read_text(encoding="utf-8"), id=path.stem, source=path.name)
        documents[path.stem] = entry_mod.to_mapping(entry)
    counts: dict[str, Counter[str]] = {}
    for matching in matchings:
        for m in matching.matches:
            if m.entry is None:
                continue
            lab = crosswalk.lab_name(m.record.lab)
            doc = documents.get(m.entry) or new_document(m.record, name=m.entry_name, lab=lab)
            doc, report = merge(
                doc, m.record, policy, base_dataset="lifearchitect", add_aliases=m.adds_aliases
            )
            again, second = merge(
                doc, m.record, policy, base_dataset="lifearchitect", add_aliases=m.adds_aliases
            )
            if second.changed or again != doc:
                raise SystemExit(f"a second merge of {m.record.where} changed {m.entry}")
            documents[m.entry] = doc
            tally = counts.setdefault(m.record.dataset, Counter())
            tally.update(c.action for c in report.changes)
    alternatives = [
        (name, len(items))
        for doc in documents.values()
        for name, items in (doc.get("alternatives") or {}).items()
    ]
    counts["all"] = Counter(
        {
            "entries": len(documents),
            "entries with alternatives": sum(
                1 for d in documents.values() if d.get("alternatives")
            ),
            "values kept beside another": sum(n for _, n in alternatives),
        }
    )
    counts["kept beside, by field"] = Counter()
    for name, n in alternatives:
        counts["kept beside, by field"][name] += n
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print every report line")
    parser.add_argument("--new", action="store_true", help="list new models after 2025-10-02")
    parser.add_argument("--matches", action="store_true", help="list every matched pair")
    args = parser.parse_args()
    crosswalk = crosswalk_mod.load()
    entries = bundled()
    epoch = read_epoch(EPOCH_CSV.read_text(encoding="utf-8"), source=EPOCH_CSV.name)
    modelsdev = read_archive(MODELSDEV_TAR, commit=MODELSDEV_COMMIT)
    by_epoch = match_records(epoch.records, entries, crosswalk)
    by_modelsdev = match_records(modelsdev.records, after(entries, by_epoch, crosswalk), crosswalk)
    print(f"bundled catalog: {len(entries)} entries; crosswalk: {len(crosswalk)} decisions")
    summary("epoch", epoch, by_epoch)
    summary("modelsdev", modelsdev, by_modelsdev)
    both = {m.entry for m in by_epoch.created} & {m.entry for m in by_modelsdev.matched}
    print(f"new in both Epoch and models.dev (one entry each): {len(both)}")
    total = len(entries) + len(by_epoch.created) + len(by_modelsdev.created)
    print(f"entries after both: {total}")
    for label, tally in merged([by_epoch, by_modelsdev], crosswalk).items():
        print(f"merge, {label}: " + ", ".join(f"{v} {k}" for k, v in sorted(tally.items())))
    for label, matching in (("epoch", by_epoch), ("modelsdev", by_modelsdev)):
        if args.report:
            for line in matching.report:
                print(f"[{label}] {line}")
        if args.matches:
            for m in matching.matched:
                print(f"[{label}] {m.record.name!r} -> {m.entry} ({m.how})")
        if args.new:
            for m in matching.created:
                if (m.record.released or "") > LIFEARCHITECT.snapshot:
                    print(f"[{label}] new: {m.entry} {m.record.name!r} {m.record.released}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
