#!/usr/bin/env bash
# Builds the worker into build/. One build at a time on this machine (the lock), since builds take both cores.
source "$(dirname "$0")/lib.sh"
mkdir -p target
exec 9>target/.build.lock
flock 9
say "Writing the API description (public/openapi.json, from the route table)"
cargo run --quiet --bin openapi > public/openapi.json.tmp
mv public/openapi.json.tmp public/openapi.json
# The worker reads the list of common passwords from its static assets rather than carrying it in the wasm.
mkdir -p public/data && cp src/domain/common_passwords.txt public/data/common-passwords.txt
say "Building the worker (worker-build --release)"
# Built aside, then moved into build/ a file at a time (each move is atomic), the entry point last: a running
# `npm start` (which reloads when build/ changes) never sees a half-written worker.
next="target/build-next"
rm -rf "$next"
worker-build --release --out-dir "$next" "$@"
# worker-build keeps the names section (--debuginfo); a deployed worker does not need it, and it is a third of the size.
# A second -Oz pass after stripping finds a few KB more (about 4 KB gzipped with the usage reports, #13).
# --low-memory-unused: Rust lays the stack first (it grows down from 1 MB towards 0, and the data starts at 1 MB), so
# the lowest 1 KB is never an address the worker uses; wasm-opt may then fold constant offsets into loads and stores
# (Emscripten passes it too). 4.9 KB gzipped (#14).
wasm-opt "$next/index_bg.wasm" --strip-debug --strip-producers -Oz --low-memory-unused -o "$next/index_bg.wasm.opt" \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue --enable-exception-handling
mv -f "$next/index_bg.wasm.opt" "$next/index_bg.wasm"
bash scripts/install-build.sh "$next"
