#!/usr/bin/env bash
# npm run deploy: build and deploy to Cloudflare (see README "Deploying to Cloudflare" for the one-time set-up).
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh
bash scripts/build.sh
wrangler deploy "$@"
