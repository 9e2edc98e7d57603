#!/usr/bin/env bash
# npm start: set up, build, prepare the local D1 (schema + demo data, both idempotent) and serve Tandem.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh
bash scripts/build.sh
bash scripts/local-db.sh
say "Writing the demo project's process (contract, goals, sessions, diaries) through the API"
TANDEM_STATE_DIR="$STATE_DIR" node scripts/demo-process.mjs
say "Tandem is starting at http://127.0.0.1:${PORT:-8787} (demo accounts in README.md; Ctrl-C stops it)"
# Served by Miniflare through scripts/serve.mjs (see there why not `wrangler dev`); mail is printed here and kept in
# the local mailbox page, /mailbox.
TANDEM_STATE_DIR="$STATE_DIR" exec node scripts/serve.mjs
