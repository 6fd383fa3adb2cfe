#!/usr/bin/env bash
# Build the whole linked leaderboard into a folder, check that it is complete, and
# (optionally) commit it to a git repository that serves it.
#   examples/publish-site.sh SITE_DIR [--commit]
set -euo pipefail
site=${1:?usage: publish-site.sh SITE_DIR [--commit]}

modelcard export --site "$site"

# Every model in the catalog must have its card.
expected=$(modelcard rank --limit 0 --format json | jq 'length')
cards=$(find "$site/models" -mindepth 2 -name '*.md' ! -name README.md | wc -l)
if [ "$cards" -ne "$expected" ]; then
    echo "expected $expected cards, found $cards" >&2
    exit 1
fi
echo "site in $site: $cards cards"

if [ "${2:-}" = "--commit" ]; then
    git -C "$site" add -A
    git -C "$site" commit -q -m "Leaderboard update $(date +%F)" || echo "nothing changed"
fi
