-- The demo's library (#13), beside Tandem's own (library.sql): the Demo Community's Europass link and its path for a
-- first job (by Anna), Carla's draft and Bruno's proposal waiting to be published. Anna and Carla's project's shares
-- and clone are written through the API (demo/library.mjs). Safe to run again.
INSERT OR IGNORE INTO library_items (id, community_id, kind, title, description, url, body, licence, languages, fields, level, audience, provenance, state, author_id, minutes, created_at, updated_at, published_at) VALUES
  ('f1b000000000000000000000000d', 'c00000000000000000000000000d', 'link', 'Europass: create your CV', 'The European Union''s free editor for a CV in a standard format, in every EU language.', 'https://europass.europa.eu/en/create-europass-cv', '', 'other-open', 'en it', 'ict', 'introductory', 'mentees', 'European Union', 'published', 'd000000000000000000000000a1a', 0, 1790000513000, 1790000513000, 1790000513000),
  ('f1b000000000000000000000000e', 'c00000000000000000000000000d', 'path', 'Getting ready for a first job', 'Four steps from the CV to the first interview, for mentees looking for their first job.', '', '', 'cc-by-4.0', 'en', 'education', 'introductory', 'mentees', '', 'published', 'd000000000000000000000000a1a', 190, 1790000514000, 1790000514000, 1790000514000),
  ('f1b000000000000000000000000f', 'c00000000000000000000000000d', 'text', 'My notes on interview nerves', 'What helped me before interviews.', '', 'Breathe, arrive early, and remember they want to find someone.', 'cc-by-4.0', 'en', '', 'introductory', 'mentees', '', 'draft', 'd000000000000000000000000c1c', 0, 1790000515000, 1790000515000, NULL),
  ('f1b0000000000000000000000010', 'c00000000000000000000000000d', 'link', 'Mentoring guidelines of a university', 'A short guide for volunteer mentors.', 'https://example.org/mentoring-guidelines', '', 'all-rights-reserved', 'en', 'education', 'introductory', 'mentors', '', 'submitted', 'd000000000000000000000000b1b', 0, 1790000516000, 1790000516000, NULL);

INSERT INTO library_steps (path_id, n, id, resource_id, text, range_from, range_to, minutes)
SELECT * FROM (VALUES
  ('f1b000000000000000000000000e', 0, 'f1c000000000000000000000e000', 'f1b000000000000000000000000d', 'Write your CV with it', NULL, NULL, 60),
  ('f1b000000000000000000000000e', 1, 'f1c000000000000000000000e001', NULL, 'Ask your mentor to read your CV and note three changes', NULL, NULL, 20),
  ('f1b000000000000000000000000e', 2, 'f1c000000000000000000000e002', NULL, 'Apply to three offers and keep a list', NULL, NULL, 90),
  ('f1b000000000000000000000000e', 3, 'f1c000000000000000000000e003', NULL, 'Prepare two questions for each interview', NULL, NULL, 20))
WHERE NOT EXISTS (SELECT 1 FROM library_steps WHERE path_id = 'f1b000000000000000000000000e');

-- The usage report's "most shared and cloned": a few shares and clones in the Demo Community's projects over the last
-- weeks (as the projects' own would have been counted), once.
INSERT INTO library_uses (community_id, item_id, kind, at)
SELECT 'c00000000000000000000000000d', column1, column2, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - column3 * 86400000
FROM (VALUES ('f1b000000000000000000000000d', 'share', 20), ('f1b000000000000000000000000e', 'clone', 15),
             ('f1b000000000000000000000000b', 'share', 9), ('f1b000000000000000000000000d', 'share', 4))
WHERE NOT EXISTS (SELECT 1 FROM library_uses WHERE community_id = 'c00000000000000000000000000d');
