-- Tandem's own library (#13), on the platform's shelf of every community: short texts on mentoring (the stages of a
-- relationship, boundaries and confidentiality, giving feedback, a session's agenda, a contract's clauses) in English
-- and Italian, under CC BY-SA 4.0, with a path through them in each language. Applied with schema.sql, locally and on
-- deploying; idempotent: applying it again changes nothing, and what platform admins changed stays as they left it.
INSERT OR IGNORE INTO library_items (id, community_id, kind, title, description, url, body, licence, languages, fields, level, audience, provenance, state, author_id, minutes, created_at, updated_at, published_at) VALUES
  ('f1b0000000000000000000000001', NULL, 'text', 'The stages of a mentoring relationship', 'What to expect from the first meeting to the goodbye.', '', 'A mentoring relationship goes through four stages.

1. Initiation: you meet, get to know each other and agree what you want from the relationship.
2. Cultivation: the longest stage. You work on the goals, meet regularly and trust grows.
3. Separation: the goals are reached or the time is up; you review what was learnt.
4. Redefinition: the relationship ends, or becomes a different one, between colleagues.

Naming the stage you are in helps: each has its own tasks, and its own difficulties.', 'cc-by-sa-4.0', 'en', 'education', 'introductory', 'everyone', '', 'published', NULL, 0, 1790000501000, 1790000501000, 1790000501000),
  ('f1b0000000000000000000000002', NULL, 'text', 'Le fasi di una relazione di mentoring', 'Cosa aspettarsi dal primo incontro al congedo.', '', 'Una relazione di mentoring attraversa quattro fasi.

1. Avvio: vi incontrate, vi conoscete e concordate cosa volete dalla relazione.
2. Coltivazione: la fase più lunga. Lavorate sugli obiettivi, vi incontrate regolarmente e la fiducia cresce.
3. Separazione: gli obiettivi sono raggiunti o il tempo è finito; riguardate ciò che avete imparato.
4. Ridefinizione: la relazione finisce, o ne diventa un''altra, tra colleghi.

Dare un nome alla fase in cui siete aiuta: ciascuna ha i suoi compiti e le sue difficoltà.', 'cc-by-sa-4.0', 'it', 'education', 'introductory', 'everyone', '', 'published', NULL, 0, 1790000502000, 1790000502000, 1790000502000),
  ('f1b0000000000000000000000003', NULL, 'text', 'Boundaries and confidentiality', 'What stays between mentor and mentee, and where a mentor''s role ends.', '', 'What a mentee tells you stays between you, unless someone is at risk of harm: say so at the first meeting.

A mentor is not a therapist, a lawyer or a recruiter. When a question goes beyond your role, say it and help your mentee find who can answer.

Agree how and when you can be reached, and keep to it. Discussing a case with other mentors is useful: never name or describe your mentee so that they can be recognised.', 'cc-by-sa-4.0', 'en', 'education', 'introductory', 'mentors', '', 'published', NULL, 0, 1790000503000, 1790000503000, 1790000503000),
  ('f1b0000000000000000000000004', NULL, 'text', 'Confini e riservatezza', 'Cosa resta tra mentore e mentee, e dove finisce il ruolo del mentore.', '', 'Ciò che un mentee ti racconta resta tra voi, a meno che qualcuno rischi di subire un danno: dillo al primo incontro.

Un mentore non è un terapeuta, un avvocato o un selezionatore. Quando una domanda va oltre il tuo ruolo, dillo e aiuta il mentee a trovare chi può rispondere.

Concordate come e quando sei raggiungibile, e rispettalo. Discutere un caso con altri mentori è utile: non nominare né descrivere mai il mentee in modo che lo si possa riconoscere.', 'cc-by-sa-4.0', 'it', 'education', 'introductory', 'mentors', '', 'published', NULL, 0, 1790000504000, 1790000504000, 1790000504000),
  ('f1b0000000000000000000000005', NULL, 'text', 'Giving feedback that helps', 'Specific, kind and timely: feedback a mentee can act on.', '', 'Good feedback is specific: it names what happened, not what the person is. It is timely: given soon, while it can still help. It is kind: it says what went well before what could go better, and it ends with a next step.

Ask first: "How do you think it went?" Your mentee often knows already, and owns what they find.', 'cc-by-sa-4.0', 'en', 'education', 'introductory', 'mentors', '', 'published', NULL, 0, 1790000505000, 1790000505000, 1790000505000),
  ('f1b0000000000000000000000006', NULL, 'text', 'Dare un feedback utile', 'Specifico, gentile e tempestivo: un feedback su cui il mentee può agire.', '', 'Un buon feedback è specifico: dice cosa è successo, non cosa è la persona. È tempestivo: dato presto, quando può ancora aiutare. È gentile: dice cosa è andato bene prima di cosa può andare meglio, e finisce con un passo successivo.

Chiedi prima: "Come pensi che sia andata?" Spesso il mentee lo sa già, e fa suo ciò che trova.', 'cc-by-sa-4.0', 'it', 'education', 'introductory', 'mentors', '', 'published', NULL, 0, 1790000506000, 1790000506000, 1790000506000),
  ('f1b0000000000000000000000007', NULL, 'text', 'A session''s agenda', 'Five points that keep a session useful.', '', '1. How is everyone?
2. What happened since the last session: the homework, the steps taken.
3. Current issues.
4. Working on the target: what to do next.
5. The topic and the homework for the next session.

The diary of each session follows the same points.', 'cc-by-sa-4.0', 'en', 'education', 'introductory', 'everyone', '', 'published', NULL, 0, 1790000507000, 1790000507000, 1790000507000),
  ('f1b0000000000000000000000008', NULL, 'text', 'L''agenda di un incontro', 'Cinque punti che rendono utile un incontro.', '', '1. Come state?
2. Cosa è successo dall''ultimo incontro: i compiti, i passi fatti.
3. Questioni attuali.
4. Lavorare sull''obiettivo: cosa fare ora.
5. L''argomento e i compiti per il prossimo incontro.

Il diario di ogni incontro segue gli stessi punti.', 'cc-by-sa-4.0', 'it', 'education', 'introductory', 'everyone', '', 'published', NULL, 0, 1790000508000, 1790000508000, 1790000508000),
  ('f1b0000000000000000000000009', NULL, 'text', 'Clauses of a mentoring contract', 'What a contract between mentor and mentee usually says.', '', 'A mentoring contract is short and written together. It usually says: the goals; how often and how you meet; how long the relationship lasts; what stays confidential; how either of you can end it early; and when you will review how it goes.

Sign it at the start, and change it when things change.', 'cc-by-sa-4.0', 'en', 'education', 'introductory', 'everyone', '', 'published', NULL, 0, 1790000509000, 1790000509000, 1790000509000),
  ('f1b000000000000000000000000a', NULL, 'text', 'Le clausole di un contratto di mentoring', 'Cosa dice di solito un contratto tra mentore e mentee.', '', 'Un contratto di mentoring è breve e scritto insieme. Di solito dice: gli obiettivi; ogni quanto e come vi incontrate; quanto dura la relazione; cosa resta riservato; come ciascuno può chiuderla prima; e quando verificherete come va.

Firmatelo all''inizio, e cambiatelo quando le cose cambiano.', 'cc-by-sa-4.0', 'it', 'education', 'introductory', 'everyone', '', 'published', NULL, 0, 1790000510000, 1790000510000, 1790000510000),
  ('f1b000000000000000000000000b', NULL, 'path', 'Your first month of mentoring', 'For a new pair: what the relationship is, how a session goes, what to agree.', '', '', 'cc-by-4.0', 'en', 'education', 'introductory', 'everyone', '', 'published', NULL, 75, 1790000511000, 1790000511000, 1790000511000),
  ('f1b000000000000000000000000c', NULL, 'path', 'Il tuo primo mese di mentoring', 'Per una nuova coppia: cos''è la relazione, come va un incontro, cosa concordare.', '', '', 'cc-by-4.0', 'it', 'education', 'introductory', 'everyone', '', 'published', NULL, 75, 1790000512000, 1790000512000, 1790000512000);

INSERT INTO library_steps (path_id, n, id, resource_id, text, range_from, range_to, minutes)
SELECT * FROM (VALUES
  ('f1b000000000000000000000000b', 0, 'f1c000000000000000000000b000', 'f1b0000000000000000000000001', 'Read it together', NULL, NULL, 15),
  ('f1b000000000000000000000000b', 1, 'f1c000000000000000000000b001', 'f1b0000000000000000000000007', 'Use it in your first session', NULL, NULL, 10),
  ('f1b000000000000000000000000b', 2, 'f1c000000000000000000000b002', 'f1b0000000000000000000000009', 'Write your contract', NULL, NULL, 30),
  ('f1b000000000000000000000000b', 3, 'f1c000000000000000000000b003', NULL, 'Tell each other what you expect from the relationship', NULL, NULL, 20))
WHERE NOT EXISTS (SELECT 1 FROM library_steps WHERE path_id = 'f1b000000000000000000000000b');

INSERT INTO library_steps (path_id, n, id, resource_id, text, range_from, range_to, minutes)
SELECT * FROM (VALUES
  ('f1b000000000000000000000000c', 0, 'f1c000000000000000000000c000', 'f1b0000000000000000000000002', 'Leggetelo insieme', NULL, NULL, 15),
  ('f1b000000000000000000000000c', 1, 'f1c000000000000000000000c001', 'f1b0000000000000000000000008', 'Usatela nel primo incontro', NULL, NULL, 10),
  ('f1b000000000000000000000000c', 2, 'f1c000000000000000000000c002', 'f1b000000000000000000000000a', 'Scrivete il vostro contratto', NULL, NULL, 30),
  ('f1b000000000000000000000000c', 3, 'f1c000000000000000000000c003', NULL, 'Ditevi cosa vi aspettate dalla relazione', NULL, NULL, 20))
WHERE NOT EXISTS (SELECT 1 FROM library_steps WHERE path_id = 'f1b000000000000000000000000c');
