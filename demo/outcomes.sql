-- Demo data for outcomes and care (#12), local use only (npm start applies it after seed.sql; never deployed):
-- three more mentees of the Demo Community and their projects. Elena's with Bruno ends with evaluations from both
-- sides and a final report shared with the coordinator; Farid's with Bruno went quiet months ago (stalled); Marta's
-- with Anna had two sessions, then Marta answered "not sure" to "are we well matched?" (at risk). What happened in
-- them is written through the API by demo/outcomes.mjs. Every password is demo-password-2026. Safe to apply again.

INSERT OR IGNORE INTO users (id, email, display_name, password_hash, email_verified_at, is_platform_admin, created_at, updated_at) VALUES
  ('d000000000000000000000000e1e', 'mentee.elena@tandem.test', 'Elena Russo', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1789000000000, 0, 1789000000000, 1789000000000),
  ('d000000000000000000000000f1f', 'mentee.farid@tandem.test', 'Farid Haddad', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1789000000000, 0, 1789000000000, 1789000000000),
  ('d000000000000000000000000a2a', 'mentee.marta@tandem.test', 'Marta Rossi', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1789000000000, 0, 1789000000000, 1789000000000);

INSERT OR IGNORE INTO profiles (user_id, presentation, education_level, status, position, field_of_study, sector, languages_json, timezone, contact_tools_json, mentor_experience, mentor_motivation, accepting_mentees, open_to_other_communities, open_to_groups, updated_at) VALUES
  ('d000000000000000000000000e1e', 'Back to study after some years working in a shop.', 'upper_secondary', 'student', 'Student', 'engineering', '', '[{"code":"it","level":"native"}]', 'Europe/Rome', '[]', '', '', 0, 0, 0, 1789000000000),
  ('d000000000000000000000000f1f', 'Technician looking for a way into site management.', 'upper_secondary', 'employed', 'Technician', 'engineering', 'construction', '[{"code":"ar","level":"native"},{"code":"en","level":"b2"}]', 'Africa/Cairo', '[]', '', '', 0, 0, 0, 1789000000000),
  ('d000000000000000000000000a2a', 'Second-year student of computer science.', 'upper_secondary', 'student', 'Student', 'ict', '', '[{"code":"it","level":"native"},{"code":"en","level":"b1"}]', 'Europe/Rome', '[]', '', '', 0, 0, 0, 1789000000000);

INSERT OR IGNORE INTO memberships (community_id, user_id, role, status, created_at) VALUES
  ('c00000000000000000000000000d', 'd000000000000000000000000e1e', 'member', 'active', 1789000000000),
  ('c00000000000000000000000000d', 'd000000000000000000000000f1f', 'member', 'active', 1789000000000),
  ('c00000000000000000000000000d', 'd000000000000000000000000a2a', 'member', 'active', 1789000000000);

INSERT OR IGNORE INTO projects (id, community_id, state, route, title, summary, context, mentee_id, mentor_id, asked_at, was_active, created_by, created_at, updated_at) VALUES
  ('e0000000000000000000000e1e1e', 'c00000000000000000000000000d', 'active', 'b', 'Mentoring for Elena Russo: back to study in engineering', 'I am going back to study after some years at work and want help planning it.', '', 'd000000000000000000000000e1e', 'd000000000000000000000000b1b', 1789000000000, 1, 'd000000000000000000000000e1e', 1789000000000, 1789000100000),
  ('e0000000000000000000000f1f1f', 'c00000000000000000000000000d', 'active', 'b', 'Mentoring for Farid Haddad: towards site management', 'I would like to become a site manager and need to know what to learn first.', '', 'd000000000000000000000000f1f', 'd000000000000000000000000b1b', 1789000000000, 1, 'd000000000000000000000000f1f', 1789000000000, 1789000100000),
  ('e0000000000000000000000a2a2a', 'c00000000000000000000000000d', 'active', 'b', 'Mentoring for Marta Rossi: choosing a specialisation', 'I have to choose my specialisation next year and do not know which fits me.', '', 'd000000000000000000000000a2a', 'd000000000000000000000000a1a', 1789000000000, 1, 'd000000000000000000000000a2a', 1789000000000, 1789000100000);

INSERT OR IGNORE INTO project_members (project_id, user_id, role, status, joined_at) VALUES
  ('e0000000000000000000000e1e1e', 'd000000000000000000000000e1e', 'mentee', 'active', 1789000000000),
  ('e0000000000000000000000e1e1e', 'd000000000000000000000000b1b', 'mentor', 'active', 1789000100000),
  ('e0000000000000000000000f1f1f', 'd000000000000000000000000f1f', 'mentee', 'active', 1789000000000),
  ('e0000000000000000000000f1f1f', 'd000000000000000000000000b1b', 'mentor', 'active', 1789000100000),
  ('e0000000000000000000000a2a2a', 'd000000000000000000000000a2a', 'mentee', 'active', 1789000000000),
  ('e0000000000000000000000a2a2a', 'd000000000000000000000000a1a', 'mentor', 'active', 1789000100000);

INSERT OR IGNORE INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) VALUES
  ('01a0c0e00000000000000000e1e1', 'e0000000000000000000000e1e1e', 'd000000000000000000000000e1e', 'send', 'draft', 'awaiting_consent', '', 1789000000000),
  ('01a0c0e00000000000000000e1e2', 'e0000000000000000000000e1e1e', 'd000000000000000000000000b1b', 'accept', 'awaiting_consent', 'active', '', 1789000100000),
  ('01a0c0e00000000000000000f1f1', 'e0000000000000000000000f1f1f', 'd000000000000000000000000f1f', 'send', 'draft', 'awaiting_consent', '', 1789000000000),
  ('01a0c0e00000000000000000f1f2', 'e0000000000000000000000f1f1f', 'd000000000000000000000000b1b', 'accept', 'awaiting_consent', 'active', '', 1789000100000),
  ('01a0c0e00000000000000000a2a1', 'e0000000000000000000000a2a2a', 'd000000000000000000000000a2a', 'send', 'draft', 'awaiting_consent', '', 1789000000000),
  ('01a0c0e00000000000000000a2a2', 'e0000000000000000000000a2a2a', 'd000000000000000000000000a1a', 'accept', 'awaiting_consent', 'active', '', 1789000100000);

INSERT OR IGNORE INTO project_process (project_id, coordinator_id, journey_ref, stage, stage_since, updated_at) VALUES
  ('e0000000000000000000000e1e1e', 'd00000000000000000000000000c', 'builtin:three_stages', 2, 1789000100000, 1789000100000),
  ('e0000000000000000000000f1f1f', 'd00000000000000000000000000c', 'builtin:three_stages', 0, 1789000100000, 1789000100000),
  ('e0000000000000000000000a2a2a', 'd00000000000000000000000000c', 'builtin:three_stages', 0, 1789000100000, 1789000100000);
