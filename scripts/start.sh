#!/usr/bin/env bash
# npm start: set up, build, prepare the local D1 (schema + demo data, both idempotent) and serve Tandem.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh
bash scripts/build.sh
bash scripts/local-db.sh
PORT="${PORT:-8787}"
say "Tandem is starting at http://127.0.0.1:$PORT (demo accounts in README.md; Ctrl-C stops it)"
exec wrangler dev --local --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE_DIR" --show-interactive-dev-session=false
