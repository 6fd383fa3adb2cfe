"""Many sources, one entry: reading public datasets, matching their records to entries, and
merging them field by field with provenance. Data flows one way: read -> match -> merge.

- ``records``: the plain records readers produce, each figure with its source.
- ``epoch``, ``modelsdev``: one reader per format; ``detect`` tells formats apart by content.
- ``names``, ``crosswalk``, ``matching``: which entry a record is (pure, deterministic).
- ``policy``, ``merging``: which value an entry shows, the others kept beside it (pure).
- ``fetch``: the one module that touches the network (downloads, and a layer swapped in).

Nothing here touches the store or prints; the commands and the build script do that.
"""
