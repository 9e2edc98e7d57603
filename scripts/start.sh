#!/usr/bin/env bash
# npm start: set up, build, prepare the local D1 (schema + demo data, both idempotent) and serve Tandem.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh
bash scripts/build.sh
bash scripts/local-db.sh
PORT="${PORT:-8787}"
say "Tandem is starting at http://127.0.0.1:$PORT (demo accounts in README.md; Ctrl-C stops it)"
# wrangler dev does not fire cron triggers by itself: fire the scheduled handler every minute (outbox retries,
# expiry of unanswered requests, housekeeping), as Cloudflare does when deployed.
# Links in e-mails point here (APP_URL); with the console provider on this local address, mail is printed below and
# kept in the local mailbox at http://127.0.0.1:$PORT/mailbox.
wrangler dev --local --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE_DIR" --show-interactive-dev-session=false --test-scheduled \
  --var "APP_URL:http://127.0.0.1:$PORT" &
dev=$!
( while sleep 60; do node -e "fetch('http://127.0.0.1:$PORT/__scheduled?cron=*+*+*+*+*').catch(() => {})"; done ) &
tick=$!
trap 'kill "$dev" "$tick" 2>/dev/null' EXIT INT TERM
wait "$dev"
