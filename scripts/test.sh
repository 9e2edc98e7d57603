#!/usr/bin/env bash
# npm test: the whole suite. Domain unit tests, clippy on the wasm build, the built worker in Miniflare
# (API, access matrix), the browser tests in Chromium, and a dry-run deploy. Non-zero on any failure.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh --browser
say "Domain unit tests (cargo test)"
cargo test --quiet
say "Clippy (wasm32, warnings denied)"
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings
bash scripts/build.sh
say "Worker tests in Miniflare and browser tests in Chromium"
node --test --test-concurrency=1 "tests/**/*.test.mjs"
say "Deploy configuration (wrangler deploy --dry-run)"
out="$(mktemp -d)"
wrangler deploy --dry-run --outdir "$out" 2>&1 | grep -E "Total Upload|--dry-run" || { echo "wrangler deploy --dry-run failed" >&2; exit 1; }
rm -rf "$out"
