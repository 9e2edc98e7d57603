#!/usr/bin/env bash
# Applies schema.sql, Tandem's own library (library.sql) and the demo data to the local D1 that `npm start` uses.
# Safe to run again.
source "$(dirname "$0")/lib.sh"
say "Preparing the local database (schema.sql, demo data)"
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file schema.sql >/dev/null
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file library.sql >/dev/null
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file demo/seed.sql >/dev/null
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file demo/outcomes.sql >/dev/null
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file demo/rooms.sql >/dev/null
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file demo/usage.sql >/dev/null
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file demo/library.sql >/dev/null
# The demo project's documents: their listing, and their bytes in the local R2.
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file demo/files.sql >/dev/null
wrangler r2 object put tandem-files/files/e0000000000000000000000a1c1c/01a0f0000000000000000000f004 --local \
  --persist-to "$STATE_DIR" --file demo/files/session-plan.md --content-type "text/markdown; charset=utf-8" >/dev/null
