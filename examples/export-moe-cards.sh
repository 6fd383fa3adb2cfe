#!/usr/bin/env bash
# Export the card of every MoE model into a folder, and list what was written.
#   examples/export-moe-cards.sh OUT_DIR
set -euo pipefail
out=${1:?usage: export-moe-cards.sh OUT_DIR}

# The ids of the MoE models, from the JSON output.
ids=$(modelcard rank --arch MoE --limit 0 --format json | jq -r '.[].id')
if [ -z "$ids" ]; then
    echo "no MoE models in the catalog" >&2
    exit 1
fi

# One export call for all of them: cards land at OUT_DIR/models/{lab}/{model}.md
# shellcheck disable=SC2086
modelcard export $ids --out-dir "$out"

count=$(find "$out/models" -name '*.md' | wc -l)
echo "exported $count MoE cards to $out"
