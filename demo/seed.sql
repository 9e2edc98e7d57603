-- Demo data for local use only (npm start applies it; it is never applied to a deployed database).
-- Every account's password is demo-password-2026. Safe to apply again: existing rows are left alone.

INSERT OR IGNORE INTO users (id, email, display_name, password_hash, email_verified_at, is_platform_admin, created_at, updated_at) VALUES
  ('d00000000000000000000000000a', 'admin@tandem.test', 'Ada Admin', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1790000000000, 1, 1790000000000, 1790000000000),
  ('d00000000000000000000000000c', 'coordinator@tandem.test', 'Cora Coordinator', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1790000000000, 0, 1790000000000, 1790000000000),
  ('d000000000000000000000000a1a', 'mentor.anna@tandem.test', 'Anna Bianchi', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1790000000000, 0, 1790000000000, 1790000000000),
  ('d000000000000000000000000b1b', 'mentor.bruno@tandem.test', 'Bruno Costa', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1790000000000, 0, 1790000000000, 1790000000000),
  ('d000000000000000000000000c1c', 'mentee.carla@tandem.test', 'Carla Esposito', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1790000000000, 0, 1790000000000, 1790000000000),
  ('d000000000000000000000000d1d', 'mentee.dev@tandem.test', 'Dev Patel', '$argon2id$v=19$m=19456,t=2,p=1$NJbxSHUZmO38plDlUmA5Kg$9Uoj6lZDjH/U+bboyE5wQI1stOMOmvqsC7Z21NP4tqQ', 1790000000000, 0, 1790000000000, 1790000000000);

INSERT OR IGNORE INTO profiles (user_id, presentation, education_level, status, position, field_of_study, sector, languages_json, timezone, contact_tools_json, mentor_experience, mentor_motivation, accepting_mentees, open_to_other_communities, open_to_groups, updated_at) VALUES
  ('d00000000000000000000000000a', 'I run the Tandem platform.', 'master', 'employed', 'Platform administrator', 'ict', 'ict', '[{"code":"en","level":"native"}]', 'Europe/London', '[{"tool":"email","handle":"admin@tandem.test"}]', '', '', 0, 0, 0, 1790000000000),
  ('d00000000000000000000000000c', 'I coordinate the mentoring programme of the Demo Community.', 'master', 'employed', 'Programme coordinator', 'education', 'education', '[{"code":"it","level":"native"},{"code":"en","level":"c1"}]', 'Europe/Rome', '[{"tool":"meet","handle":"cora.coordinator"}]', '', '', 0, 0, 0, 1790000000000),
  ('d000000000000000000000000a1a', 'Software engineer who enjoys helping students find their first job in tech.', 'master', 'employed', 'Senior software engineer', 'ict', 'ict', '[{"code":"it","level":"native"},{"code":"en","level":"c2"},{"code":"es","level":"b1"}]', 'Europe/Rome', '[{"tool":"jitsi","handle":"anna.bianchi"},{"tool":"email","handle":"mentor.anna@tandem.test"}]', 'Ten years in software teams; I have mentored six junior developers and two interns.', 'I want to give back the help I had when I started.', 1, 1, 1, 1790000000000),
  ('d000000000000000000000000b1b', 'Civil engineer and small-business owner, happy to talk about careers in engineering and starting a company.', 'master', 'self_employed', 'Founder, Costa Engineering', 'engineering', 'construction', '[{"code":"pt","level":"native"},{"code":"en","level":"c1"},{"code":"it","level":"b2"}]', 'Europe/Lisbon', '[{"tool":"zoom","handle":"bruno.costa"},{"tool":"whatsapp","handle":"+351 900 000 000"}]', 'I have supervised engineering trainees for eight years.', 'Helping young engineers avoid the mistakes I made.', 1, 0, 0, 1790000000000),
  ('d000000000000000000000000c1c', 'Final-year computer science student looking for advice on my first job.', 'bachelor', 'student', 'Student', 'ict', '', '[{"code":"it","level":"native"},{"code":"en","level":"b2"}]', 'Europe/Rome', '[{"tool":"jitsi","handle":"carla.e"}]', '', '', 0, 0, 0, 1790000000000),
  ('d000000000000000000000000d1d', 'Engineering graduate working part-time, thinking about starting my own business.', 'bachelor', 'student_worker', 'Junior technician', 'engineering', 'construction', '[{"code":"en","level":"native"},{"code":"hi","level":"native"},{"code":"it","level":"a2"}]', 'Europe/Rome', '[{"tool":"whatsapp","handle":"+39 300 000 000"},{"tool":"email","handle":"mentee.dev@tandem.test"}]', '', '', 0, 0, 0, 1790000000000);

INSERT OR IGNORE INTO communities (id, slug, name, description, join_policy, models, allow_external_mentors, request_timeout_days, created_by, created_at, updated_at) VALUES
  ('c00000000000000000000000000d', 'demo-community', 'Demo Community', 'A community to try Tandem: students and young professionals meet experienced mentors. Mentees may ask the coordinators to match them with a mentor (model A) or choose one from the Roll of Mentors (model B).', 'open', 'ab', 0, 14, 'd00000000000000000000000000a', 1790000000000, 1790000000000),
  ('c00000000000000000000000000e', 'engineers-network', 'Engineers Network', 'Engineers mentoring engineers. Joining needs a coordinator''s approval.', 'approval', 'a', 1, 21, 'd00000000000000000000000000a', 1790000000000, 1790000000000);

INSERT OR IGNORE INTO memberships (community_id, user_id, role, status, created_at) VALUES
  ('c00000000000000000000000000d', 'd00000000000000000000000000c', 'admin', 'active', 1790000000000),
  ('c00000000000000000000000000d', 'd000000000000000000000000a1a', 'member', 'active', 1790000000000),
  ('c00000000000000000000000000d', 'd000000000000000000000000b1b', 'member', 'active', 1790000000000),
  ('c00000000000000000000000000d', 'd000000000000000000000000c1c', 'member', 'active', 1790000000000),
  ('c00000000000000000000000000d', 'd000000000000000000000000d1d', 'member', 'active', 1790000000000),
  ('c00000000000000000000000000e', 'd000000000000000000000000b1b', 'admin', 'active', 1790000000000);

-- Mentoring: the Demo Community's Roll of Mentors (supervised by the coordinator) with Anna and Bruno accredited,
-- an active project between Anna and Carla, and Dev's request waiting for the coordinators to match it (model A).
INSERT OR IGNORE INTO rolls (community_id, supervisor_id, created_at, updated_at) VALUES
  ('c00000000000000000000000000d', 'd00000000000000000000000000c', 1790000000000, 1790000000000);

INSERT OR IGNORE INTO roll_entries (community_id, user_id, status, motivation, decision_note, available, capacity, open_to_other_communities, applied_at, decided_at, decided_by) VALUES
  ('c00000000000000000000000000d', 'd000000000000000000000000a1a', 'accredited', 'I have mentored junior developers for years and would like to help students of this community.', 'Welcome to the roll!', 1, 3, 1, 1790000000000, 1790000100000, 'd00000000000000000000000000c'),
  ('c00000000000000000000000000d', 'd000000000000000000000000b1b', 'accredited', 'I run a small engineering firm and enjoy helping young engineers and would-be founders.', 'Welcome to the roll!', 1, 2, 0, 1790000000000, 1790000100000, 'd00000000000000000000000000c');

INSERT OR IGNORE INTO projects (id, community_id, state, route, title, summary, context, mentee_id, mentor_id, asked_at, was_active, created_by, created_at, updated_at) VALUES
  ('e0000000000000000000000a1c1c', 'c00000000000000000000000000d', 'active', 'b', 'Mentoring for Carla Esposito: a first job in software', 'I am finishing my computer science degree and want advice on finding and choosing my first job.', 'I have done two small internships. I am unsure whether to aim for a startup or a large company.', 'd000000000000000000000000c1c', 'd000000000000000000000000a1a', 1790000200000, 1, 'd000000000000000000000000c1c', 1790000200000, 1790000300000),
  ('e0000000000000000000000d1d1d', 'c00000000000000000000000000d', 'awaiting_match', 'a', 'Mentoring for Dev Patel: starting a business', 'I work part-time as a technician and would like guidance on starting my own small engineering business.', '', 'd000000000000000000000000d1d', NULL, NULL, 0, 'd000000000000000000000000d1d', 1790000400000, 1790000400000);

INSERT OR IGNORE INTO project_members (project_id, user_id, role, status, joined_at) VALUES
  ('e0000000000000000000000a1c1c', 'd000000000000000000000000c1c', 'mentee', 'active', 1790000200000),
  ('e0000000000000000000000a1c1c', 'd000000000000000000000000a1a', 'mentor', 'active', 1790000300000),
  ('e0000000000000000000000d1d1d', 'd000000000000000000000000d1d', 'mentee', 'active', 1790000400000);

INSERT OR IGNORE INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) VALUES
  ('01a0c0e0000000000000000000a1', 'e0000000000000000000000a1c1c', 'd000000000000000000000000c1c', 'create', '', 'draft', '', 1790000200000),
  ('01a0c0e0000000000000000000a2', 'e0000000000000000000000a1c1c', 'd000000000000000000000000c1c', 'send', 'draft', 'awaiting_consent', '', 1790000200000),
  ('01a0c0e0000000000000000000a3', 'e0000000000000000000000a1c1c', 'd000000000000000000000000a1a', 'accept', 'awaiting_consent', 'active', '', 1790000300000),
  ('01a0c0e0000000000000000000d1', 'e0000000000000000000000d1d1d', 'd000000000000000000000000d1d', 'create', '', 'draft', '', 1790000400000),
  ('01a0c0e0000000000000000000d2', 'e0000000000000000000000d1d1d', 'd000000000000000000000000d1d', 'hand_to_admins', 'draft', 'awaiting_match', '', 1790000400000);

-- Anna and Carla's project follows the built-in three-stage journey, in its first stage; the Demo Community's
-- coordinator (the roll's supervisor) coordinates it. Its contract, goals, plan and diaries are in the project's
-- space: `npm start` writes them through the API (demo/process.mjs).
INSERT OR IGNORE INTO project_process (project_id, coordinator_id, journey_ref, stage, stage_since, updated_at) VALUES
  ('e0000000000000000000000a1c1c', 'd00000000000000000000000000c', 'builtin:three_stages', 0, 1790000300000, 1790000300000);
