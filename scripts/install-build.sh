#!/usr/bin/env bash
# Moves a finished build (the folder given) into build/ a file at a time, each move atomic, the entry point
# (index.js) last: a running `npm start` reloads when the entry point changes, so it never sees a half-written worker.
set -euo pipefail
cd "$(dirname "$0")/.."
from="$1"
mkdir -p build
(cd "$from" && find . -type f ! -path ./index.js) | while read -r f; do
  mkdir -p "build/$(dirname "$f")"
  mv -f "$from/$f" "build/$f"
done
mv -f "$from/index.js" build/index.js
rm -rf "$from"
