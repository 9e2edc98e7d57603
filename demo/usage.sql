-- The demo's usage report (#13), for `npm start`: the Demo Community's last four weeks, as the cron would have
-- counted them (the days before today, whatever today is), so that its admins' report and the platform's show
-- something at once. Safe to apply again: a day already counted keeps its counts.
WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM d WHERE n < 28),
days(day, n) AS (SELECT CAST(julianday('now') - 2440587.5 AS INTEGER) - n, n FROM d),
f(feature, events, people, projects) AS (VALUES
  ('active_projects', 0, NULL, 1),
  ('chat', 6, NULL, 1),
  ('messages', 1, NULL, 1),
  ('documents', 0, NULL, 0),
  ('sessions', 0, NULL, 0),
  ('rooms', 2, 2, 0),
  ('requests', 1, 1, 1),
  ('active_mentors', 1, 1, 0),
  ('active_mentees', 2, 2, 0),
  ('active_admins', 1, 1, 0))
INSERT OR IGNORE INTO usage_daily (community_id, day, feature, events, people, projects)
SELECT 'c00000000000000000000000000d', days.day, f.feature,
  -- Quieter at weekends, busier on the days a session is held (every seventh day), a chat that grows with time.
  CASE WHEN f.feature = 'active_projects' THEN 0
       WHEN (days.day + 3) % 7 >= 5 THEN f.events / 2
       WHEN f.feature = 'sessions' AND days.n % 7 = 6 THEN 1
       WHEN f.feature = 'documents' AND days.n % 7 = 6 THEN 1
       ELSE f.events + (28 - days.n) / 7 END,
  f.people,
  CASE WHEN f.feature IN ('sessions', 'documents') AND days.n % 7 = 6 THEN 1
       WHEN (days.day + 3) % 7 >= 5 AND f.feature NOT IN ('active_projects') THEN 0
       ELSE f.projects END
FROM days, f
WHERE f.events > 0 OR f.projects > 0 OR (f.feature IN ('sessions', 'documents') AND days.n % 7 = 6);
