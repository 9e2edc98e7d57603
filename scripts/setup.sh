#!/usr/bin/env bash
# Installs whatever this machine lacks, and nothing it already has: the wasm32 target, the pinned cargo tools,
# the npm packages of package-lock.json, and (with --browser, as root) Debian's Chromium for the browser tests.
source "$(dirname "$0")/lib.sh"

if ! command -v cargo >/dev/null; then
  echo "Tandem needs Rust (cargo). Install it with rustup: https://rustup.rs" >&2
  exit 1
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(worker-build --version 2>/dev/null)" != "$WORKER_BUILD_VERSION" ]; then
  say "Installing worker-build $WORKER_BUILD_VERSION (a few minutes, once)"
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --locked --force
fi
if [ "$("$WASM_BINDGEN_BIN" --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: its lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
# npm ci when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = "0" ]; then
    say "Installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium' once." >&2
    exit 1
  fi
fi
