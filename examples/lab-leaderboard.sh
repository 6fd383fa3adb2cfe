#!/usr/bin/env bash
# Print a Markdown leaderboard of one lab's models, by ALScore, with the tier of each.
#   examples/lab-leaderboard.sh "Anthropic" > anthropic.md
set -euo pipefail
lab=${1:?usage: lab-leaderboard.sh LAB}

json=$(modelcard rank --lab "$lab" --limit 0 --format json)
count=$(jq 'length' <<<"$json")
if [ "$count" -eq 0 ]; then
    echo "no models from lab '$lab'" >&2
    exit 1
fi

echo "# $lab: $count models by ALScore"
echo
echo "| # | Model | Params (B) | Tokens (B) | ALScore | Tier |"
echo "|---|---|---|---|---|---|"
# jq escapes | in names so that they cannot break the table
jq -r '
  def cell: (. // "-") | tostring | gsub("\\|"; "\\|") | gsub("\n"; " ");
  def b: if . == null then "-" else (. / 1e9 | tostring) end;
  to_entries[] | "| \(.key + 1) | \(.value.name | cell) | \(.value.parameters | b) | \(.value.tokens | b) | \(.value.alscore | cell) | \(.value.tier | cell) |"
' <<<"$json"
