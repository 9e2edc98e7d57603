# Shared by the npm scripts: pinned tool versions, PATH, and the quiet offline-friendly environment.
# shellcheck shell=bash
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WORKER_BUILD_VERSION="0.8.7"
# The wasm-bindgen CLI must match the crate exactly; Cargo.lock is the one source of that version.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false
export WASM_BINDGEN_BIN="$HOME/.cargo/bin/wasm-bindgen"
export WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild"

# Where `npm start` keeps its local D1/R2 data (tests point it elsewhere).
STATE_DIR="${TANDEM_STATE_DIR:-$ROOT/.wrangler/state}"

say() { printf '\033[1m== %s\033[0m\n' "$*"; }
