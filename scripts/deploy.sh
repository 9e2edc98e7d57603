#!/usr/bin/env bash
# npm run deploy: build and deploy to Cloudflare (see README "Deploying to Cloudflare" for the one-time set-up).
source "$(dirname "$0")/lib.sh"
# A deployed Tandem must know its public address (links in e-mails never follow a request's Host) and send real mail.
var() { awk -F'"' -v k="$1" '$0 ~ "^"k" *=" { print $2; exit }' wrangler.toml; }
app_url="$(var APP_URL)"
case "$app_url" in
  https://*) ;;
  *) echo "Set APP_URL in wrangler.toml [vars] to this Tandem's public https:// address before deploying (now: '${app_url}')." >&2; exit 1 ;;
esac
if [ "$(var EMAIL_PROVIDER)" = "console" ]; then
  echo "Set EMAIL_PROVIDER = \"resend\" in wrangler.toml [vars] (and the EMAIL_API_KEY secret) before deploying: the console provider only prints mail." >&2
  exit 1
fi
bash scripts/setup.sh
bash scripts/build.sh
wrangler deploy "$@"
