#!/usr/bin/env bash
# npm run bench: set up and build as the tests do, then print the figures (one JSON object a line).
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh --browser >&2
bash scripts/build.sh >&2
# The yardstick for cold start: a minimal Rust worker, built with the same tools (its own target folder).
(cd bench/minimal && worker-build --release >&2)
# (The demo's e-mails, printed by the local runtime while the project's process is written, are left out: one JSON
# object a line.)
set -o pipefail
node bench/run.mjs | grep --line-buffered '^{'
node bench/coldstart.mjs
node bench/growth.mjs
# A person's export with 1,000 and 10,000 chat messages: time, and the worker's memory (flat).
node bench/export.mjs | grep --line-buffered '^{'
