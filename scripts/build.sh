#!/usr/bin/env bash
# Builds the worker into build/. One build at a time on this machine (the lock), since builds take both cores.
source "$(dirname "$0")/lib.sh"
mkdir -p target
exec 9>target/.build.lock
flock 9
say "Building the worker (worker-build --release)"
worker-build --release "$@"
