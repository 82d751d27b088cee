#!/usr/bin/env bash
# Replaces the part of DOC between "<!-- bench:begin" and "<!-- bench:end -->" with PART, keeping
# the hand-written analysis around it; appends PART when DOC has no such markers yet.
# Usage: bench/splice.sh DOC PART
set -euo pipefail
DOC=$1 PART=$2
if [ -f "$DOC" ] && grep -q '^<!-- bench:begin' "$DOC"; then
  awk -v part="$PART" '
    /^<!-- bench:begin/ { while ((getline line < part) > 0) print line; skip = 1; next }
    /^<!-- bench:end -->/ { skip = 0; next }
    !skip { print }' "$DOC" > "$DOC.tmp"
  mv "$DOC.tmp" "$DOC"
else
  { [ -f "$DOC" ] && cat "$DOC" && echo; cat "$PART"; } > "$DOC.tmp"
  mv "$DOC.tmp" "$DOC"
fi
