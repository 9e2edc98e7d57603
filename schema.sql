-- Tandem's relational data (D1 / SQLite). Ids are TEXT; times are integer milliseconds since the epoch.
-- Every statement is idempotent (IF NOT EXISTS), so applying this file again is safe.
--
-- Tables that grow with use: no statement may read one whole. The test suite runs EXPLAIN QUERY PLAN on every
-- statement the worker prepares and fails on a SCAN of any of these (tests/support/plans.mjs reads these lines).
-- not growing: local_mailbox (it exists only on a developer's machine, and keeps one day)
-- growing: users user_search sessions email_tokens login_failures outbox outbox_links mail_requests
-- growing: trusted_devices profiles memberships audit_log communities rolls roll_entries projects project_members
-- growing: project_declines project_events project_attachments notifications preferences private_messages
-- growing: folder_items file_versions uploads project_activity project_process project_progress journeys
-- growing: calendar_feeds languages project_health help_requests evaluation_forms evaluation_requests
-- growing: evaluation_answers evaluation_anonymous report_shares forums forum_moderators forum_bans forum_threads
-- growing: forum_posts forum_revisions forum_reads forum_reports digests digest_links notification_topics
-- growing: usage_daily usage_totals usage_days community_modules library_items library_steps library_reviews
-- growing: library_curators library_progress roll_training library_uses two_factor recovery_codes
-- growing: two_factor_spent login_challenges exports erasures research_consents community_privacy project_purges access_grants grant_reads
-- growing: grant_admins audit_archived

CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  email_verified_at INTEGER,
  is_platform_admin INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'erased')),
  suspended_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- The admin's user search: the e-mail, its domain and each word of the name, lowercased (SQLite's lower(): ASCII),
-- one row each. Kept by the triggers below whoever writes users (sign-up, a new name or address, the demo data).
CREATE TABLE IF NOT EXISTS user_search (
  key TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (key, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS user_search_user ON user_search(user_id);
-- The words of a name come from json_quote (always valid JSON, whatever the name holds) split at its spaces.
CREATE TRIGGER IF NOT EXISTS users_search_insert AFTER INSERT ON users BEGIN
  INSERT OR IGNORE INTO user_search (key, user_id)
    SELECT value, NEW.id FROM json_each('[' || replace(json_quote(lower(NEW.display_name)), ' ', '","') || ','
      || json_quote(lower(NEW.email)) || ',' || json_quote(substr(lower(NEW.email), instr(NEW.email, '@') + 1)) || ']')
    WHERE value <> '';
END;
CREATE TRIGGER IF NOT EXISTS users_search_update AFTER UPDATE OF email, display_name ON users BEGIN
  DELETE FROM user_search WHERE user_id = NEW.id;
  INSERT OR IGNORE INTO user_search (key, user_id)
    SELECT value, NEW.id FROM json_each('[' || replace(json_quote(lower(NEW.display_name)), ' ', '","') || ','
      || json_quote(lower(NEW.email)) || ',' || json_quote(substr(lower(NEW.email), instr(NEW.email, '@') + 1)) || ']')
    WHERE value <> '';
END;
-- Users made before the index was: their keys, once.
INSERT OR IGNORE INTO user_search (key, user_id)
  SELECT j.value, u.id FROM users u, json_each('[' || replace(json_quote(lower(u.display_name)), ' ', '","') || ','
      || json_quote(lower(u.email)) || ',' || json_quote(substr(lower(u.email), instr(u.email, '@') + 1)) || ']') j
  WHERE j.value <> '' AND NOT EXISTS (SELECT 1 FROM user_search k WHERE k.user_id = u.id);

CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  user_agent TEXT NOT NULL DEFAULT '',
  -- 1 when the log-in gave a second factor (or two-factor was turned on in it): platform administration needs it.
  second_factor INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);
-- The sweep of idle and old sessions.
CREATE INDEX IF NOT EXISTS sessions_seen ON sessions(last_seen_at);
CREATE INDEX IF NOT EXISTS sessions_created ON sessions(created_at);

-- Two-factor authentication (TOTP, RFC 6238). The secret is sealed with the Worker secret TOTP_KEY (never stored in
-- the clear, never shown again after enrolment); enabled_at is set once a code from the app confirmed it; last_step
-- is the newest time step accepted, so no code is taken twice, nor one older than a code used.
CREATE TABLE IF NOT EXISTS two_factor (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret_sealed TEXT NOT NULL,
  enabled_at INTEGER,
  last_step INTEGER NOT NULL DEFAULT 0,
  -- Wrong codes in a row and the last one's time: past five, each waits longer (two_factor::wait).
  failures INTEGER NOT NULL DEFAULT 0,
  failed_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
-- Ten one-time recovery codes, stored as HMACs under a key derived from TOTP_KEY with the person's id; a used code is
-- deleted.
CREATE TABLE IF NOT EXISTS recovery_codes (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;
-- Each code accepted ('s:<step>' or 'r:<hash>'), kept ten minutes: two requests racing with one code meet this key,
-- and only one of them goes through.
CREATE TABLE IF NOT EXISTS two_factor_spent (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mark TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, mark)
) WITHOUT ROWID;
-- A log-in that passed the password and waits for its code: a one-time secret held by the browser, stored hashed,
-- five minutes and five tries; failure_keys are the log-in's throttling keys (JSON), counted on a wrong code too.
CREATE TABLE IF NOT EXISTS login_challenges (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  device_hash TEXT NOT NULL,
  failure_keys TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS login_challenges_user ON login_challenges(user_id);
CREATE INDEX IF NOT EXISTS login_challenges_expiry ON login_challenges(expires_at);

-- One-time links: e-mail verification, password reset, e-mail change. Only the SHA-256 of the token is kept.
CREATE TABLE IF NOT EXISTS email_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'change_email')),
  new_email TEXT,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS email_tokens_user ON email_tokens(user_id, purpose);
CREATE INDEX IF NOT EXISTS email_tokens_expiry ON email_tokens(expires_at);

-- Failed log-ins, by account ('email:...') and by address ('ip:...'), for throttling.
CREATE TABLE IF NOT EXISTS login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures(key, at);
CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures(at);

CREATE TABLE IF NOT EXISTS outbox (
  id TEXT PRIMARY KEY,
  to_email TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  -- A notification's mail is queued in English; for a reader of another language it is written again in theirs when
  -- it is sent (public/i18n/mail.<lang>.json): their language, and what it was made of (JSON: kind, title, note, link).
  lang TEXT,
  made TEXT,
  -- A notification's mail: the project it is about and who acted, so that an erased person's words and name leave
  -- the mail kept for others too (#14).
  project_id TEXT,
  actor_id TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, next_attempt_at);
-- Pruning: delivered or failed mail leaves after 30 days (its body at once).
CREATE INDEX IF NOT EXISTS outbox_age ON outbox(status, created_at);

-- A queued mail that carries a one-time link: which token it is for. Its body holds only a slot for the secret, which
-- is minted when the mail is handed to the provider (the token row then takes the new secret's hash), so nothing
-- stored, and nothing an admin sees, is a usable link.
CREATE TABLE IF NOT EXISTS outbox_links (
  outbox_id TEXT PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL
);

-- Only while EMAIL_PROVIDER is console and APP_URL is a local address: the mail as sent, links included, for the
-- local mailbox page (/mailbox). Never written by a deployed Tandem.
CREATE TABLE IF NOT EXISTS local_mailbox (
  id TEXT PRIMARY KEY,
  to_email TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS local_mailbox_sent ON local_mailbox(sent_at);

-- Requests for mail a stranger can trigger (sign-up, verification and reset links), per address, whether or not the
-- address has an account: capped so nobody floods an inbox through Tandem. Notifications are not counted here.
CREATE TABLE IF NOT EXISTS mail_requests (
  email TEXT NOT NULL,
  -- Who asked (the address they asked from): 3 per asker, 10 in all, per 15 minutes.
  requester TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mail_requests_email ON mail_requests(email, at);
CREATE INDEX IF NOT EXISTS mail_requests_at ON mail_requests(at);

-- Browsers that have logged into an account (the device cookie's token, hashed): failures from elsewhere never hold
-- them back (OWASP's device cookies).
CREATE TABLE IF NOT EXISTS trusted_devices (
  token_hash TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX IF NOT EXISTS trusted_devices_used ON trusted_devices(last_used_at);
CREATE INDEX IF NOT EXISTS trusted_devices_user ON trusted_devices(user_id);

CREATE TABLE IF NOT EXISTS profiles (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  presentation TEXT NOT NULL DEFAULT '',
  education_level TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '',
  position TEXT NOT NULL DEFAULT '',
  field_of_study TEXT NOT NULL DEFAULT '',
  sector TEXT NOT NULL DEFAULT '',
  languages_json TEXT NOT NULL DEFAULT '[]',
  timezone TEXT NOT NULL DEFAULT '',
  contact_tools_json TEXT NOT NULL DEFAULT '[]',
  mentor_experience TEXT NOT NULL DEFAULT '',
  mentor_motivation TEXT NOT NULL DEFAULT '',
  accepting_mentees INTEGER NOT NULL DEFAULT 0,
  open_to_other_communities INTEGER NOT NULL DEFAULT 0,
  open_to_groups INTEGER NOT NULL DEFAULT 0,
  cv_key TEXT,
  cv_name TEXT,
  cv_type TEXT,
  cv_size INTEGER,
  cv_uploaded_at INTEGER,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS communities (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  join_policy TEXT NOT NULL DEFAULT 'open' CHECK (join_policy IN ('open', 'approval')),
  models TEXT NOT NULL DEFAULT 'ab' CHECK (models IN ('a', 'b', 'ab')),
  allow_external_mentors INTEGER NOT NULL DEFAULT 0,
  request_timeout_days INTEGER NOT NULL DEFAULT 14,
  archived_at INTEGER,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Slugs are unique. A database made before they were gets its duplicates told apart first (the oldest keeps its slug;
-- the others take the end of their id), so that applying this file again after the upgrade is safe.
UPDATE communities SET slug = slug || '-' || substr(id, -6)
  WHERE id NOT IN (SELECT MIN(id) FROM communities GROUP BY slug);
CREATE UNIQUE INDEX IF NOT EXISTS communities_slug ON communities(slug);

CREATE TABLE IF NOT EXISTS memberships (
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX IF NOT EXISTS memberships_user ON memberships(user_id);

CREATE TABLE IF NOT EXISTS audit_log (
  id TEXT PRIMARY KEY,
  actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  at INTEGER NOT NULL
);
-- Archiving: entries older than 12 months move to R2 (archive/audit/...), oldest first.
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at, id);
-- Which archived audit chunks (R2, `archive/audit/...`) name whom, as actor or as the account acted on: a person's
-- erasure rewrites only those.
CREATE TABLE IF NOT EXISTS audit_archived (
  user_id TEXT NOT NULL,
  r2_key TEXT NOT NULL,
  PRIMARY KEY (user_id, r2_key)
) WITHOUT ROWID;

-- Mentoring ------------------------------------------------------------------------------------------------------

-- One Roll of Mentors per community; its supervisor decides on applications.
CREATE TABLE IF NOT EXISTS rolls (
  community_id TEXT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  supervisor_id TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS roll_entries (
  community_id TEXT NOT NULL REFERENCES rolls(community_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('applied', 'accredited', 'rejected', 'suspended')),
  motivation TEXT NOT NULL,
  decision_note TEXT NOT NULL DEFAULT '',
  available INTEGER NOT NULL DEFAULT 1,
  capacity INTEGER NOT NULL DEFAULT 2,
  open_to_other_communities INTEGER NOT NULL DEFAULT 0,
  applied_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX IF NOT EXISTS roll_entries_user ON roll_entries(user_id, status);
CREATE INDEX IF NOT EXISTS roll_entries_status ON roll_entries(community_id, status);
-- Mentors open to other communities, for every community that takes external mentors.
CREATE INDEX IF NOT EXISTS roll_entries_open ON roll_entries(open_to_other_communities, status);

-- A mentoring request becomes a project when its mentor accepts: one row from draft to completion.
CREATE TABLE IF NOT EXISTS projects (
  id TEXT PRIMARY KEY,
  community_id TEXT NOT NULL REFERENCES communities(id),
  state TEXT NOT NULL CHECK (state IN ('draft', 'awaiting_match', 'awaiting_consent', 'active', 'completed', 'cancelled')),
  route TEXT NOT NULL DEFAULT '' CHECK (route IN ('', 'a', 'b', 'group')),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  context TEXT NOT NULL DEFAULT '',
  group_name TEXT NOT NULL DEFAULT '',
  motto TEXT NOT NULL DEFAULT '',
  -- The mentee who asked (pair projects).
  mentee_id TEXT REFERENCES users(id),
  -- The mentor being asked, then the project's mentor.
  mentor_id TEXT REFERENCES users(id),
  asked_at INTEGER,
  was_active INTEGER NOT NULL DEFAULT 0,
  -- Bumped by every transition; later statements of the same batch check it (optimistic concurrency).
  version INTEGER NOT NULL DEFAULT 0,
  client_key TEXT,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS projects_client_key ON projects(created_by, client_key) WHERE client_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS projects_community_state ON projects(community_id, state);
CREATE INDEX IF NOT EXISTS projects_mentor_state ON projects(mentor_id, state);
-- Requests waiting for a mentor's answer, oldest first (their expiry).
CREATE INDEX IF NOT EXISTS projects_state_asked ON projects(state, asked_at);

CREATE TABLE IF NOT EXISTS project_members (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'declined')),
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX IF NOT EXISTS project_members_user ON project_members(user_id, status);

-- Mentors who declined a request are not asked again for it.
CREATE TABLE IF NOT EXISTS project_declines (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  mentor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (project_id, mentor_id)
);

-- Every transition (who, when, from, to, note): the project's history.
CREATE TABLE IF NOT EXISTS project_events (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS project_events_project ON project_events(project_id, id);

-- Documents attached to a request (R2 key under req/{project}/{id}).
CREATE TABLE IF NOT EXISTS project_attachments (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  r2_key TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploaded_by TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS project_attachments_project ON project_attachments(project_id, id);

CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
  community_id TEXT REFERENCES communities(id) ON DELETE CASCADE,
  actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  title TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  read_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS notifications_user ON notifications(user_id, read_at, id);
-- Pruning: read ones after 30 days, unread ones after 90.
CREATE INDEX IF NOT EXISTS notifications_age ON notifications(read_at, created_at);

CREATE TABLE IF NOT EXISTS preferences (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  email_notifications INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
);

-- Each project's activity, pushed by its space (counts and dates per tool, never text): what coordinators, health,
-- digests and reports read. `version` rises with every push; a push never replaces a newer one.
CREATE TABLE IF NOT EXISTS project_activity (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  chat_messages INTEGER NOT NULL,
  chat_last_at INTEGER,
  chat_week INTEGER NOT NULL,
  private_messages INTEGER NOT NULL,
  messages_last_at INTEGER,
  messages_week INTEGER NOT NULL,
  files INTEGER NOT NULL,
  file_bytes INTEGER NOT NULL,
  files_last_at INTEGER,
  version INTEGER NOT NULL,
  at INTEGER NOT NULL
);

-- The process (#11) ----------------------------------------------------------------------------------------------

-- Journey templates: a community's mentoring process (stages, the diary's agenda, contract clauses, a goal library,
-- the minimum of interactions). `body` is the template as JSON (src/domain/journey.rs). Published versions never
-- change: an edit is a new draft of the same `key`, so a project that took a version keeps it. Without templates of
-- its own a community uses Tandem's built-in ones (their refs are `builtin:{key}`).
CREATE TABLE IF NOT EXISTS journeys (
  id TEXT PRIMARY KEY,
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'published')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  -- The community's template for new projects (one at most; the built-in three stages when none is).
  is_default INTEGER NOT NULL DEFAULT 0,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  published_at INTEGER,
  UNIQUE (community_id, key, version)
);
CREATE UNIQUE INDEX IF NOT EXISTS journeys_default ON journeys(community_id) WHERE is_default = 1;

-- Each active project's process as others may see it: its coordinator (a community admin; the third signatory of
-- the contract and the first to hear of trouble), the journey version it follows and its stage. Made when the
-- project becomes active; the coordinator is, until an admin changes it, the admin who matched the project
-- (model A), otherwise the roll's supervisor.
CREATE TABLE IF NOT EXISTS project_process (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  coordinator_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  journey_ref TEXT NOT NULL,
  stage INTEGER NOT NULL DEFAULT 0,
  stage_since INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS project_process_coordinator ON project_process(coordinator_id);

-- Projects active before #11 get their process row (the same defaults as a project made active now).
INSERT OR IGNORE INTO project_process (project_id, coordinator_id, journey_ref, stage, stage_since, updated_at)
  SELECT p.id,
    (SELECT c.id FROM (
        SELECT 1 AS rank, e.actor_id AS id FROM project_events e WHERE e.project_id = p.id AND e.action = 'match'
        UNION ALL SELECT 2, r.supervisor_id FROM rolls r WHERE r.community_id = p.community_id) c
      JOIN memberships m ON m.community_id = p.community_id AND m.user_id = c.id
      WHERE m.role = 'admin' AND m.status = 'active' ORDER BY c.rank LIMIT 1),
    COALESCE((SELECT j.id FROM journeys j WHERE j.community_id = p.community_id AND j.is_default = 1 AND j.state = 'published'),
             'builtin:three_stages'),
    0, p.updated_at, p.updated_at
  FROM projects p WHERE p.state IN ('active', 'completed');

-- A project's process in figures, as its space pushes them (like project_activity; never text): the contract's
-- state, version and signature dates, the goals' states and progress, the sessions' dates and states, the diaries'
-- states, the interactions counted. `detail` is JSON (src/app/store/journey.rs, `Progress`).
CREATE TABLE IF NOT EXISTS project_progress (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  contract_state TEXT NOT NULL,
  contract_version INTEGER NOT NULL,
  goals INTEGER NOT NULL,
  goals_agreed INTEGER NOT NULL,
  sessions_held INTEGER NOT NULL,
  next_session_at INTEGER,
  diaries_missing INTEGER NOT NULL,
  interactions INTEGER NOT NULL,
  detail TEXT NOT NULL,
  version INTEGER NOT NULL,
  at INTEGER NOT NULL
);

-- The language each person reads Tandem in (the interface tells it when they choose one): their e-mails are written
-- in it where Tandem's mail has it (English and Italian), else in English. No row: English.
CREATE TABLE IF NOT EXISTS languages (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  language TEXT NOT NULL CHECK (language IN ('en', 'ar', 'de', 'es', 'fr', 'it', 'pt')),
  -- 1 when the person chose it (it follows them to other devices); 0 when it was the one their browser read Tandem in.
  chosen INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);

-- Each person's private calendar feed of their sessions: the address carries a secret, stored hashed here; making a
-- new one revokes the old.
CREATE TABLE IF NOT EXISTS calendar_feeds (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

-- Legacy: before #10, a project's private messages and folder were kept in the four tables below. Each project's
-- space (a Durable Object) moves its own rows out the first time it is asked (src/app/space/legacy.rs); nothing
-- writes here any more, and they stay empty.
-- Private messages between members of a project, in threads (thread_id: the first message's id).
CREATE TABLE IF NOT EXISTS private_messages (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  thread_id TEXT NOT NULL,
  sender_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  recipient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX IF NOT EXISTS private_messages_inbox ON private_messages(recipient_id, id);
CREATE INDEX IF NOT EXISTS private_messages_sent ON private_messages(sender_id, id);
CREATE INDEX IF NOT EXISTS private_messages_thread ON private_messages(thread_id, id);
CREATE INDEX IF NOT EXISTS private_messages_project ON private_messages(project_id);

-- A project's document folder. Items are folders and files; parent_id '' is the folder's root. A file's content is
-- in R2, one object per version (file_versions); the item shows its current version. Deleting moves an item (and
-- everything under it, marked with the same trash_id) to the trash for 30 days.
CREATE TABLE IF NOT EXISTS folder_items (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  parent_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('folder', 'file')),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  version_id TEXT,
  size INTEGER,
  content_type TEXT,
  versions INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL REFERENCES users(id),
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER,
  deleted_by TEXT REFERENCES users(id),
  trash_id TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS folder_items_live_name ON folder_items(project_id, parent_id, name_key) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS folder_items_recent ON folder_items(project_id, updated_at) WHERE deleted_at IS NULL AND kind = 'file';
CREATE INDEX IF NOT EXISTS folder_items_trash ON folder_items(trash_id, deleted_at) WHERE trash_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS folder_items_project ON folder_items(project_id);

CREATE TABLE IF NOT EXISTS file_versions (
  id TEXT PRIMARY KEY,
  item_id TEXT NOT NULL REFERENCES folder_items(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  r2_key TEXT NOT NULL,
  size INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  uploaded_by TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  UNIQUE (item_id, number)
);
CREATE INDEX IF NOT EXISTS file_versions_project ON file_versions(project_id);

-- Uploads in flight: written before the R2 object, removed when it is listed. A row left behind (the upload died)
-- names an object nobody can see, and housekeeping deletes both.
CREATE TABLE IF NOT EXISTS uploads (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  r2_key TEXT NOT NULL,
  started_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_project ON uploads(project_id);

-- Outcomes and care (#12) ------------------------------------------------------------------------------------------

-- Each active project's health, computed once a day by the cron from metadata only (src/domain/health.rs): its
-- level, its reasons in figures (JSON, never text), and what the ladder remembers (`memory`: nudges sent, the
-- current episode of trouble and whom it told, the acknowledgement). `needs_attention` puts it in its community's
-- queue. A coordinator may put the project on hold until a date (`hold_until`): its rules sleep until then.
CREATE TABLE IF NOT EXISTS project_health (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  level TEXT NOT NULL CHECK (level IN ('ok', 'watch', 'at_risk', 'stalled')),
  reasons TEXT NOT NULL,
  memory TEXT NOT NULL,
  needs_attention INTEGER NOT NULL,
  ack_note TEXT NOT NULL,
  ack_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  hold_until INTEGER,
  computed_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS project_health_attention ON project_health(needs_attention, project_id) WHERE needs_attention = 1;
CREATE INDEX IF NOT EXISTS project_health_computed ON project_health(computed_at);

-- "Ask the coordinator for help": a member's private request (its text, if they wrote one, is read by its author
-- and the coordinator only). Open until the coordinator acknowledges the project's trouble.
CREATE TABLE IF NOT EXISTS help_requests (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  closed_at INTEGER
);
CREATE INDEX IF NOT EXISTS help_requests_project ON help_requests(project_id, closed_at);
-- One open request per member (two sent at once store one).
CREATE UNIQUE INDEX IF NOT EXISTS help_requests_open ON help_requests(project_id, user_id) WHERE closed_at IS NULL;

-- Evaluation forms a community adapted from Tandem's (src/domain/evaluation.rs): a new version per change, per
-- audience (mentee, mentor, organisation, fit); the newest is used for new requests, and requests keep theirs.
CREATE TABLE IF NOT EXISTS evaluation_forms (
  id TEXT PRIMARY KEY,
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  audience TEXT NOT NULL CHECK (audience IN ('mentee', 'mentor', 'organisation', 'fit')),
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (community_id, audience, version)
);

-- Who is asked to answer which form, in rounds (a round: the requests made together, whose project-readable answers
-- are revealed to the pair when all are in or the round expires). A member answers in Tandem; an organisation's
-- contact without an account through a one-time link (`token_hash`, 14 days). `concern`: a fit answer "not sure" or
-- "no", until the coordinator acknowledges it. Answers the programme may read are in `evaluation_answers`; those the
-- project may read are in the project's space; anonymous ones in `evaluation_anonymous`, unlinked.
CREATE TABLE IF NOT EXISTS evaluation_requests (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  round_id TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('mentee', 'mentor', 'organisation', 'fit')),
  form_ref TEXT NOT NULL,
  respondent_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  guest_name TEXT,
  guest_email TEXT,
  token_hash TEXT UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('requested', 'submitted', 'expired')),
  requested_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  requested_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  reminders INTEGER NOT NULL,
  client_key TEXT,
  submitted_at INTEGER,
  concern INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS evaluation_requests_project ON evaluation_requests(project_id, round_id);
CREATE INDEX IF NOT EXISTS evaluation_requests_respondent ON evaluation_requests(respondent_id, state);
CREATE INDEX IF NOT EXISTS evaluation_requests_open ON evaluation_requests(state, requested_at);

CREATE TABLE IF NOT EXISTS evaluation_answers (
  request_id TEXT NOT NULL REFERENCES evaluation_requests(id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (request_id, question)
) WITHOUT ROWID;

-- Anonymous answers: no request, project or person, a random id, and the month only.
CREATE TABLE IF NOT EXISTS evaluation_anonymous (
  id TEXT PRIMARY KEY,
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  audience TEXT NOT NULL,
  form_ref TEXT NOT NULL,
  question TEXT NOT NULL,
  value TEXT NOT NULL,
  month TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS evaluation_anonymous_form ON evaluation_anonymous(community_id, form_ref, question);

-- The final report belongs to the mentee (its text is in the project's space and folder): what a mentee chose to
-- share with the coordinator, frozen as it was sent (the sections ticked, as Markdown).
CREATE TABLE IF NOT EXISTS report_shares (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  sections TEXT NOT NULL,
  text TEXT NOT NULL,
  shared_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  shared_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS report_shares_project ON report_shares(project_id, shared_at);

-- A community's discussion rooms (#13), one per audience (mentors, mentees, everyone, coordinators); its row, made
-- when first needed, holds whether it is sealed (moderated by moderators chosen from its audience).
CREATE TABLE IF NOT EXISTS forums (
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  audience TEXT NOT NULL CHECK (audience IN ('mentors', 'mentees', 'everyone', 'coordinators')),
  sealed INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (community_id, audience)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS forum_moderators (
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  audience TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (community_id, audience, user_id)
) WITHOUT ROWID;
-- Banned from writing in a room until a time.
CREATE TABLE IF NOT EXISTS forum_bans (
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  audience TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  until INTEGER NOT NULL,
  reason TEXT NOT NULL,
  banned_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (community_id, audience, user_id)
) WITHOUT ROWID;
-- A thread and its opening post (its first post, seq 1). `posts` counts every post; `last_post_at` orders the room.
CREATE TABLE IF NOT EXISTS forum_threads (
  id TEXT PRIMARY KEY,
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  audience TEXT NOT NULL,
  author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  pseudonymous INTEGER NOT NULL DEFAULT 0,
  about_case INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0,
  posts INTEGER NOT NULL DEFAULT 0,
  last_post_at INTEGER NOT NULL,
  client_key TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS forum_threads_room ON forum_threads(community_id, audience, pinned, last_post_at);
CREATE UNIQUE INDEX IF NOT EXISTS forum_threads_client_key ON forum_threads(author_id, client_key) WHERE client_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS forum_posts (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES forum_threads(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  -- The post it quotes (its text is quoted in the body; this links to it).
  quote_of TEXT,
  hidden_at INTEGER,
  hidden_reason TEXT NOT NULL DEFAULT '',
  hidden_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  edited_at INTEGER,
  revisions INTEGER NOT NULL DEFAULT 0,
  client_key TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (thread_id, seq)
);
CREATE INDEX IF NOT EXISTS forum_posts_author ON forum_posts(author_id, created_at);
CREATE UNIQUE INDEX IF NOT EXISTS forum_posts_client_key ON forum_posts(author_id, client_key) WHERE client_key IS NOT NULL;
-- An edit made more than a day after posting keeps the text it replaced.
CREATE TABLE IF NOT EXISTS forum_revisions (
  post_id TEXT NOT NULL REFERENCES forum_posts(id) ON DELETE CASCADE,
  n INTEGER NOT NULL,
  body TEXT NOT NULL,
  replaced_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, n)
) WITHOUT ROWID;
-- How far each reader has read each thread (its posts' seq), and how they follow it.
CREATE TABLE IF NOT EXISTS forum_reads (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  thread_id TEXT NOT NULL REFERENCES forum_threads(id) ON DELETE CASCADE,
  seen INTEGER NOT NULL DEFAULT 0,
  follow TEXT NOT NULL DEFAULT 'default' CHECK (follow IN ('default', 'instant', 'digest', 'off')),
  PRIMARY KEY (user_id, thread_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS forum_reads_thread ON forum_reads(thread_id, follow);
-- A reader's report of a post, once per reader; the queue is the open ones.
CREATE TABLE IF NOT EXISTS forum_reports (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES forum_posts(id) ON DELETE CASCADE,
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  reporter_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  reason TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by TEXT REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS forum_reports_once ON forum_reports(post_id, reporter_id);
CREATE INDEX IF NOT EXISTS forum_reports_open ON forum_reports(community_id, resolved_at, created_at);

-- Digest e-mails (#13). Each person's schedule: how often, on which weekday (0 Monday), from which local hour (in
-- their profile's zone); the period last sent (one digest a period, whatever the cron's retries) and when the cron
-- looks next (NULL: digests off). No row: no digest.
CREATE TABLE IF NOT EXISTS digests (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  cadence TEXT NOT NULL CHECK (cadence IN ('off', 'daily', 'weekly')),
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  last_key TEXT,
  -- When the last digest was queued: the next tells what came since (and comes 20 hours later at the soonest).
  last_sent_at INTEGER,
  next_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS digests_due ON digests(next_at);
-- Each digest e-mail's link to stop digests: its secret is minted when the mail is sent (only its hash is here),
-- and it works for 60 days.
CREATE TABLE IF NOT EXISTS digest_links (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS digest_links_user ON digest_links(user_id);
CREATE INDEX IF NOT EXISTS digest_links_expiry ON digest_links(expires_at);
-- How each person hears of a topic's notifications beyond the app (`notifications::Topic`): an e-mail each, a line
-- in their digest, or nothing. No row: an e-mail each.
CREATE TABLE IF NOT EXISTS notification_topics (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  topic TEXT NOT NULL CHECK (topic IN ('requests', 'roll', 'process', 'sessions', 'care', 'rooms', 'moderation')),
  delivery TEXT NOT NULL CHECK (delivery IN ('instant', 'digest', 'off')),
  PRIMARY KEY (user_id, topic)
) WITHOUT ROWID;

-- Usage (#13): per community, day (days since 1970-01-01, UTC) and feature (`usage::Feature`): events, people acting
-- (NULL where it is not known: a project's space counts use, not people) and projects using it. Counted once a day
-- by the cron from what Tandem already stores; nobody is tracked.
CREATE TABLE IF NOT EXISTS usage_daily (
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  feature TEXT NOT NULL,
  events INTEGER NOT NULL,
  people INTEGER,
  projects INTEGER NOT NULL,
  PRIMARY KEY (community_id, day, feature)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS usage_daily_day ON usage_daily(day);
-- Each active project's running totals when usage was last counted: a day's use is what they grew by.
CREATE TABLE IF NOT EXISTS usage_totals (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  chat INTEGER NOT NULL,
  messages INTEGER NOT NULL,
  documents INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  goals INTEGER NOT NULL,
  sessions INTEGER NOT NULL,
  diary INTEGER NOT NULL,
  day INTEGER NOT NULL,
  -- The Monday of the week counted, and the features used in it (a bit each, `usage::Kept`).
  week INTEGER NOT NULL,
  used INTEGER NOT NULL
);
-- The days counted: each once, whatever the cron's retries.
CREATE TABLE IF NOT EXISTS usage_days (
  day INTEGER PRIMARY KEY,
  counted_at INTEGER NOT NULL
);
-- The modules a community's admins turned off or on again (`community::Module`). No row: on.
CREATE TABLE IF NOT EXISTS community_modules (
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  module TEXT NOT NULL CHECK (module IN ('rooms', 'library', 'contract', 'goals', 'diary', 'evaluations')),
  enabled INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (community_id, module)
) WITHOUT ROWID;

-- The library (#13): resources (a link, a document, a text) and learning paths, on the platform's shelf
-- (community_id NULL, curated by platform admins) or a community's (curated by its admins and librarians). Curation:
-- draft -> submitted -> published -> withdrawn (`library::next`). Languages and fields are codes of Tandem's
-- vocabularies, space-separated. `shares` and `clones` count the projects that took it (never which).
CREATE TABLE IF NOT EXISTS library_items (
  id TEXT PRIMARY KEY,
  community_id TEXT REFERENCES communities(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('link', 'document', 'text', 'path')),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  -- A document's file (in R2 under library/{id}/{upload}): its key, name, type (as its bytes say) and size; none: ''.
  file_key TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  file_type TEXT NOT NULL DEFAULT '',
  file_size INTEGER NOT NULL DEFAULT 0,
  licence TEXT NOT NULL,
  languages TEXT NOT NULL,
  fields TEXT NOT NULL,
  level TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('everyone', 'mentors', 'mentees')),
  provenance TEXT NOT NULL,
  derived_from TEXT REFERENCES library_items(id) ON DELETE SET NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'published', 'withdrawn')),
  -- A curator's note when returning it to its author.
  note TEXT NOT NULL DEFAULT '',
  author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  version INTEGER NOT NULL DEFAULT 1,
  -- A path's estimate, its steps' minutes added up.
  minutes INTEGER NOT NULL DEFAULT 0,
  rating_sum INTEGER NOT NULL DEFAULT 0,
  ratings INTEGER NOT NULL DEFAULT 0,
  shares INTEGER NOT NULL DEFAULT 0,
  clones INTEGER NOT NULL DEFAULT 0,
  client_key TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER
);
CREATE INDEX IF NOT EXISTS library_shelf ON library_items(community_id, state, updated_at);
CREATE INDEX IF NOT EXISTS library_author ON library_items(author_id, state);
CREATE INDEX IF NOT EXISTS library_derived ON library_items(derived_from);
-- What was published since (the digests).
CREATE INDEX IF NOT EXISTS library_published ON library_items(state, published_at);
CREATE UNIQUE INDEX IF NOT EXISTS library_client_key ON library_items(author_id, client_key) WHERE client_key IS NOT NULL;
-- Full-text search over titles and descriptions (FTS5, kept by the triggers below).
CREATE VIRTUAL TABLE IF NOT EXISTS library_search USING fts5(title, description, content='library_items', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS library_search_ai AFTER INSERT ON library_items BEGIN
  INSERT INTO library_search (rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
CREATE TRIGGER IF NOT EXISTS library_search_ad AFTER DELETE ON library_items BEGIN
  INSERT INTO library_search (library_search, rowid, title, description) VALUES ('delete', old.rowid, old.title, old.description);
END;
CREATE TRIGGER IF NOT EXISTS library_search_au AFTER UPDATE OF title, description ON library_items BEGIN
  INSERT INTO library_search (library_search, rowid, title, description) VALUES ('delete', old.rowid, old.title, old.description);
  INSERT INTO library_search (rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
-- A path's steps in order: a resource (with a range of pages or minutes in it) or its own text. A step keeps its id
-- across edits of the path, so what people ticked stays ticked.
CREATE TABLE IF NOT EXISTS library_steps (
  path_id TEXT NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
  n INTEGER NOT NULL,
  id TEXT NOT NULL,
  resource_id TEXT REFERENCES library_items(id) ON DELETE SET NULL,
  text TEXT NOT NULL,
  range_from INTEGER,
  range_to INTEGER,
  minutes INTEGER NOT NULL,
  PRIMARY KEY (path_id, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS library_steps_resource ON library_steps(resource_id);
-- A member's rating (1 to 5) and review, one per item.
CREATE TABLE IF NOT EXISTS library_reviews (
  item_id TEXT NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  text TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (item_id, user_id)
) WITHOUT ROWID;
-- The librarians a community's admins named: they curate its shelf with them.
CREATE TABLE IF NOT EXISTS library_curators (
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  named_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (community_id, user_id)
) WITHOUT ROWID;
-- Each share and clone of a library item in a project, by the project's community and when (never which project or
-- who): the usage report's "most shared and cloned".
CREATE TABLE IF NOT EXISTS library_uses (
  community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('share', 'clone')),
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS library_uses_community ON library_uses(community_id, at);
CREATE INDEX IF NOT EXISTS library_uses_at ON library_uses(at);
CREATE INDEX IF NOT EXISTS library_uses_item ON library_uses(item_id);
-- A person's own progress on a path of the library (outside projects: a project's progress is in its space).
CREATE TABLE IF NOT EXISTS library_progress (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  path_id TEXT NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
  step_id TEXT NOT NULL,
  done_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, path_id, step_id)
) WITHOUT ROWID;
-- A roll's training: the path a mentor completes before accreditation (its supervisor sees "training done").
CREATE TABLE IF NOT EXISTS roll_training (
  community_id TEXT PRIMARY KEY REFERENCES rolls(community_id) ON DELETE CASCADE,
  path_id TEXT NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
  updated_at INTEGER NOT NULL
);

-- Personal data (#14). A person's export: the cron writes it, a page at a time, as JSON documents in R2 under
-- exports/<id>/ (`holding`, `after` and `project` say where it has got to: see domain/personal.rs, `Cursor`), then
-- e-mails them; the documents are deleted after 7 days.
CREATE TABLE IF NOT EXISTS exports (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  state TEXT NOT NULL CHECK (state IN ('working', 'ready', 'expired')),
  holding INTEGER NOT NULL DEFAULT 0,
  after INTEGER NOT NULL DEFAULT 0,
  project TEXT NOT NULL DEFAULT '',
  parts INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  -- A run of the cron takes the export until then (runs that overlap do not write it twice; one that fails lets the
  -- others go first, and tries again after it).
  lease_until INTEGER NOT NULL DEFAULT 0,
  asked_at INTEGER NOT NULL,
  ready_at INTEGER,
  expires_at INTEGER
);
CREATE INDEX IF NOT EXISTS exports_by_user ON exports (user_id, asked_at);
CREATE INDEX IF NOT EXISTS exports_by_state ON exports (state, lease_until);

-- Accounts to be erased: the cron erases each when `due_at` comes (14 days after asking); logging in cancels it. A run
-- of the cron takes one by moving `due_at` 10 minutes on (one that fails is tried again then, after the others).
CREATE TABLE IF NOT EXISTS erasures (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  -- When it was asked for; 0 once the cron has begun it (what others share is changed first: logging in no longer
  -- cancels it then).
  asked_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS erasures_due ON erasures (due_at);

-- A person's rows, found for their export and their erasure (#14; see domain/personal.rs): the person's columns of
-- the growing tables that no other index starts with.
CREATE INDEX IF NOT EXISTS outbox_to ON outbox (to_email);
CREATE INDEX IF NOT EXISTS outbox_project ON outbox (project_id);
CREATE INDEX IF NOT EXISTS outbox_actor ON outbox (actor_id);
CREATE INDEX IF NOT EXISTS notifications_project ON notifications (project_id);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor_id);
CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log (target_id, target_type);
CREATE INDEX IF NOT EXISTS rolls_supervisor ON rolls (supervisor_id);
CREATE INDEX IF NOT EXISTS roll_entries_decided ON roll_entries (decided_by);
CREATE INDEX IF NOT EXISTS projects_mentee ON projects (mentee_id);
CREATE INDEX IF NOT EXISTS projects_creator ON projects (created_by);
CREATE INDEX IF NOT EXISTS project_declines_mentor ON project_declines (mentor_id);
CREATE INDEX IF NOT EXISTS project_events_actor ON project_events (actor_id);
CREATE INDEX IF NOT EXISTS project_attachments_uploader ON project_attachments (uploaded_by);
CREATE INDEX IF NOT EXISTS notifications_actor ON notifications (actor_id);
CREATE INDEX IF NOT EXISTS project_health_ack ON project_health (ack_by);
CREATE INDEX IF NOT EXISTS help_requests_user ON help_requests (user_id);
CREATE INDEX IF NOT EXISTS evaluation_requests_requester ON evaluation_requests (requested_by);
CREATE INDEX IF NOT EXISTS report_shares_sharer ON report_shares (shared_by);
CREATE INDEX IF NOT EXISTS forum_moderators_user ON forum_moderators (user_id);
CREATE INDEX IF NOT EXISTS forum_bans_user ON forum_bans (user_id);
CREATE INDEX IF NOT EXISTS forum_threads_author ON forum_threads (author_id);
CREATE INDEX IF NOT EXISTS forum_reports_reporter ON forum_reports (reporter_id);
CREATE INDEX IF NOT EXISTS library_reviews_user ON library_reviews (user_id);
CREATE INDEX IF NOT EXISTS library_curators_user ON library_curators (user_id);
CREATE INDEX IF NOT EXISTS library_curators_named_by ON library_curators (named_by);
-- The platform's administrators (who may not all leave).
CREATE INDEX IF NOT EXISTS users_platform_admins ON users (is_platform_admin, status);

-- Research consent (#14): given by the person, revocable (the row goes). The research export's record-level rows are
-- of projects whose every member gave it.
CREATE TABLE IF NOT EXISTS research_consents (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  given_at INTEGER NOT NULL
);

-- Each community's privacy settings (#14): how many months a finished project's content is kept, and who the data
-- controller is. No row: 24 months, and the community's admins answer.
CREATE TABLE IF NOT EXISTS community_privacy (
  community_id TEXT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  retention_months INTEGER NOT NULL CHECK (retention_months BETWEEN 1 AND 120),
  controller TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Finished projects whose content the retention deleted (their metadata, history and counts stay).
CREATE TABLE IF NOT EXISTS project_purges (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  months INTEGER NOT NULL,
  at INTEGER NOT NULL
);
-- Finished projects, oldest first (the retention's hourly pass).
CREATE INDEX IF NOT EXISTS projects_state_updated ON projects(state, updated_at);

-- Break-glass access to a project's content (#14): a community admin's request (which parts, why, for how many
-- hours, approved how), its answer, until when it is open, when the members are (or were) told; and every read made
-- through it (who, what, when). Never deleted with the content: they are the record of who read what and why.
CREATE TABLE IF NOT EXISTS access_grants (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  community_id TEXT NOT NULL REFERENCES communities(id),
  requester_id TEXT NOT NULL REFERENCES users(id),
  scopes TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('safeguarding', 'complaint', 'legal', 'other')),
  reason TEXT NOT NULL,
  hours INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 72),
  approval TEXT NOT NULL CHECK (approval IN ('member', 'admin')),
  state TEXT NOT NULL CHECK (state IN ('requested', 'active', 'refused', 'withdrawn', 'ended')),
  answered_by TEXT REFERENCES users(id),
  answered_at INTEGER,
  expires_at INTEGER,
  tell_at INTEGER,
  delay_reason TEXT NOT NULL DEFAULT '',
  told_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS access_grants_project ON access_grants(project_id, created_at);
CREATE INDEX IF NOT EXISTS access_grants_state ON access_grants(state, created_at);
-- Members not yet told of an opened grant, by when they must be (the cron tells them).
CREATE INDEX IF NOT EXISTS access_grants_untold ON access_grants(tell_at) WHERE told_at IS NULL AND tell_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS access_grants_requester ON access_grants(requester_id);
CREATE INDEX IF NOT EXISTS access_grants_answered ON access_grants(answered_by);
-- Who may answer an admin-path request: the community's other admins when it was asked for. An admin made later may
-- not (a platform admin answers where none of them is left), so a new admin cannot approve a request waiting already.
CREATE TABLE IF NOT EXISTS grant_admins (
  grant_id TEXT NOT NULL REFERENCES access_grants(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (grant_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS grant_admins_user ON grant_admins(user_id);

CREATE TABLE IF NOT EXISTS grant_reads (
  id TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL REFERENCES access_grants(id) ON DELETE CASCADE,
  reader_id TEXT NOT NULL REFERENCES users(id),
  scope TEXT NOT NULL,
  what TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS grant_reads_grant ON grant_reads(grant_id, at);
CREATE INDEX IF NOT EXISTS grant_reads_reader ON grant_reads(reader_id);
