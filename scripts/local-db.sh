#!/usr/bin/env bash
# Applies schema.sql and the demo data to the local D1 that `npm start` uses. Safe to run again.
source "$(dirname "$0")/lib.sh"
say "Preparing the local database (schema.sql, demo data)"
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file schema.sql >/dev/null
wrangler d1 execute DB --local --persist-to "$STATE_DIR" --file demo/seed.sql >/dev/null
