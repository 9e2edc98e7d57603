#!/usr/bin/env bash
# npm run admin -- someone@example.org [--remote]
# Makes an existing account a platform administrator, on the local D1 (default) or the deployed one (--remote).
# The account must exist (register it in the app first); the change is written to the audit log.
source "$(dirname "$0")/lib.sh"
email="${1:-}"
where=(--local --persist-to "$STATE_DIR")
[ "${2:-}" = "--remote" ] && where=(--remote)
if [ -z "$email" ] || ! printf '%s' "$email" | grep -Eq '^[^@[:space:]'"'"']+@[^@[:space:]'"'"']+\.[^@[:space:]'"'"']+$'; then
  echo "usage: npm run admin -- someone@example.org [--remote]" >&2
  exit 2
fi
email="$(printf '%s' "$email" | tr 'A-Z' 'a-z')"
now="$(($(date +%s) * 1000))"
out="$(wrangler d1 execute DB "${where[@]}" --json --command "
INSERT INTO audit_log (id, actor_id, action, target_type, target_id, before_json, after_json, at)
  SELECT printf('%012x', $now) || lower(hex(randomblob(8))), NULL, 'cli.grant_platform_admin', 'user', id,
         json_object('platform_admin', is_platform_admin), json_object('platform_admin', 1), $now
  FROM users WHERE email = '$email';
UPDATE users SET is_platform_admin = 1, updated_at = $now WHERE email = '$email';
SELECT email, is_platform_admin FROM users WHERE email = '$email';" 2>&1)" || { echo "$out" >&2; exit 1; }
if ! printf '%s' "$out" | grep -q '"is_platform_admin": 1'; then
  echo "No account with the e-mail $email: register it first, then run this again." >&2
  exit 1
fi
echo "$email is now a platform administrator."
