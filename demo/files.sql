-- The demo project's documents, for local runs (scripts/local-db.sh; the tests start from an empty folder). Their
-- R2 objects are put by local-db.sh from demo/files/. Safe to apply again.
INSERT OR IGNORE INTO folder_items (id, project_id, parent_id, kind, name, name_key, created_by, created_at, updated_by, updated_at) VALUES
  ('01a0f0000000000000000000f001', 'e0000000000000000000000a1c1c', '', 'folder', 'Session plans', 'session plans', 'd000000000000000000000000a1a', 1790000400000, 'd000000000000000000000000a1a', 1790000400000),
  ('01a0f0000000000000000000f002', 'e0000000000000000000000a1c1c', '', 'folder', 'Diary', 'diary', 'd000000000000000000000000c1c', 1790000400000, 'd000000000000000000000000c1c', 1790000400000);
INSERT OR IGNORE INTO folder_items (id, project_id, parent_id, kind, name, name_key, version_id, size, content_type, versions, created_by, created_at, updated_by, updated_at) VALUES
  ('01a0f0000000000000000000f003', 'e0000000000000000000000a1c1c', '01a0f0000000000000000000f001', 'file', 'Session plan.md', 'session plan.md', '01a0f0000000000000000000f004', 784, 'text/markdown; charset=utf-8', 1, 'd000000000000000000000000a1a', 1790000500000, 'd000000000000000000000000a1a', 1790000500000);
INSERT OR IGNORE INTO file_versions (id, item_id, project_id, number, r2_key, size, content_type, uploaded_by, created_at) VALUES
  ('01a0f0000000000000000000f004', '01a0f0000000000000000000f003', 'e0000000000000000000000a1c1c', 1, 'files/e0000000000000000000000a1c1c/01a0f0000000000000000000f004', 784, 'text/markdown; charset=utf-8', 'd000000000000000000000000a1a', 1790000500000);
