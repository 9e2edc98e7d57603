-- The demo's discussion rooms (#13), for `npm start` (the tests start from demo/seed.sql alone): a thread in each
-- room, replies, a pseudonymous thread, a case discussion, and the mentees' room sealed with Dev as its moderator
-- (Cora, the coordinator, then sees only what is reported to her there). Safe to apply again.
INSERT OR IGNORE INTO forums (community_id, audience, sealed, updated_at) VALUES
  ('c00000000000000000000000000d', 'mentees', 1, 1790000900000);
INSERT OR IGNORE INTO forum_moderators (community_id, audience, user_id) VALUES
  ('c00000000000000000000000000d', 'mentees', 'd000000000000000000000000d1d');

INSERT OR IGNORE INTO forum_threads (id, community_id, audience, author_id, title, pseudonymous, about_case, pinned, locked, posts, last_post_at, client_key, created_at, updated_at) VALUES
  ('f1000000000000000000000000e1', 'c00000000000000000000000000d', 'everyone', 'd00000000000000000000000000c', 'Welcome: introduce yourself here', 0, 0, 1, 0, 3, 1790001300000, NULL, 1790001000000, 1790001300000),
  ('f1000000000000000000000000e2', 'c00000000000000000000000000d', 'everyone', 'd000000000000000000000000b1b', 'Useful links for engineering careers', 0, 0, 0, 0, 1, 1790001400000, NULL, 1790001400000, 1790001400000),
  ('f1000000000000000000000000a1', 'c00000000000000000000000000d', 'mentors', 'd000000000000000000000000a1a', 'A mentee who goes quiet after the first sessions', 0, 1, 0, 0, 2, 1790001600000, NULL, 1790001500000, 1790001600000),
  ('f1000000000000000000000000c1', 'c00000000000000000000000000d', 'mentees', 'd000000000000000000000000c1c', 'Nervous about my first interview', 1, 0, 0, 0, 2, 1790001800000, NULL, 1790001700000, 1790001800000),
  ('f1000000000000000000000000d1', 'c00000000000000000000000000d', 'coordinators', 'd00000000000000000000000000c', 'Planning the spring intake', 0, 0, 0, 0, 1, 1790001900000, NULL, 1790001900000, 1790001900000);

INSERT OR IGNORE INTO forum_posts (id, thread_id, seq, author_id, body, quote_of, created_at) VALUES
  ('f2000000000000000000000000e1', 'f1000000000000000000000000e1', 1, 'd00000000000000000000000000c', 'Welcome to the **Demo Community**! Tell us who you are and what you hope to learn or share.', NULL, 1790001000000),
  ('f2000000000000000000000000e2', 'f1000000000000000000000000e1', 2, 'd000000000000000000000000c1c', 'Hi all, I am Carla: final year of computer science, looking for my first job in software.', NULL, 1790001200000),
  ('f2000000000000000000000000e3', 'f1000000000000000000000000e1', 3, 'd000000000000000000000000a1a', '> looking for my first job in software

Welcome Carla! Ask here anytime: @[Bruno Costa](mention:d000000000000000000000000b1b) knows the engineering side too.', 'f2000000000000000000000000e2', 1790001300000),
  ('f2000000000000000000000000e4', 'f1000000000000000000000000e2', 1, 'd000000000000000000000000b1b', 'A few places I send young engineers:

- [Engineering careers guide](https://example.org/engineering-careers)
- [How to read a job offer](https://example.org/job-offers)', NULL, 1790001400000),
  ('f2000000000000000000000000a1', 'f1000000000000000000000000a1', 1, 'd000000000000000000000000a1a', 'A mentee of mine answered quickly at first, then went quiet for three weeks. How do you reach out again *without* pressure?', NULL, 1790001500000),
  ('f2000000000000000000000000a2', 'f1000000000000000000000000a1', 2, 'd000000000000000000000000b1b', 'I send one short message with two concrete times to talk, and say it is fine to pause. It usually works.', NULL, 1790001600000),
  ('f2000000000000000000000000c1', 'f1000000000000000000000000c1', 1, 'd000000000000000000000000c1c', 'I have my first technical interview next week. How did you prepare?', NULL, 1790001700000),
  ('f2000000000000000000000000c2', 'f1000000000000000000000000c1', 2, 'd000000000000000000000000d1d', 'Practise out loud with a friend, and prepare two questions to ask them.', NULL, 1790001800000),
  ('f2000000000000000000000000d1', 'f1000000000000000000000000d1', 1, 'd00000000000000000000000000c', 'We open the spring intake on 1 March. Who can take the matching queue that week?', NULL, 1790001900000);

INSERT OR IGNORE INTO forum_reads (user_id, thread_id, seen, follow) VALUES
  ('d00000000000000000000000000c', 'f1000000000000000000000000e1', 3, 'instant'),
  ('d000000000000000000000000c1c', 'f1000000000000000000000000e1', 2, 'instant'),
  ('d000000000000000000000000a1a', 'f1000000000000000000000000e1', 3, 'instant'),
  ('d000000000000000000000000b1b', 'f1000000000000000000000000e2', 1, 'instant'),
  ('d000000000000000000000000a1a', 'f1000000000000000000000000a1', 2, 'instant'),
  ('d000000000000000000000000b1b', 'f1000000000000000000000000a1', 2, 'instant'),
  ('d000000000000000000000000c1c', 'f1000000000000000000000000c1', 2, 'instant'),
  ('d000000000000000000000000d1d', 'f1000000000000000000000000c1', 2, 'instant'),
  ('d00000000000000000000000000c', 'f1000000000000000000000000d1', 1, 'instant');
