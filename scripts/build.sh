#!/usr/bin/env bash
# Builds the worker into build/. One build at a time on this machine (the lock), since builds take both cores.
source "$(dirname "$0")/lib.sh"
mkdir -p target
exec 9>target/.build.lock
flock 9
say "Writing the API description (public/openapi.json, from the route table)"
cargo run --quiet --bin openapi > public/openapi.json.tmp
mv public/openapi.json.tmp public/openapi.json
say "Building the worker (worker-build --release)"
worker-build --release "$@"
# worker-build keeps the names section (--debuginfo); a deployed worker does not need it, and it is a third of the size.
wasm-opt build/index_bg.wasm --strip-debug --strip-producers -o build/index_bg.wasm \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue --enable-exception-handling
