-- The tables 'mamori seed' leaves empty (accounts, sessions, links, audit,
-- outbox, supporters, drafts of both checks), filled for tests/http/queryplan.test.mjs in
-- proportion to the seeded firms: an owner for each, members, supporters
-- with their grants, two sessions an account, a live history of links,
-- failed logins, audit lines and mail. Left empty, they would look empty
-- to PostgreSQL's planner, which then rightly reads them whole (a table of
-- no pages costs nothing to scan), and their plans would say nothing about
-- a live database.
-- users: an owner for each firm, 2,000 members, 1,000 supporters, 20 administrators
INSERT INTO "user" (email, password_hash, name, confirmed_at, is_admin, disabled_at, created_at)
SELECT 'user' || i || '@example.jp', 'x', 'user ' || i, CASE WHEN i % 10 = 0 THEN NULL ELSE 1700000000 + i END,
       i > 5980, CASE WHEN i % 97 = 0 THEN 1700100000 END, 1700000000 + i
FROM generate_series(1, 6000) i;
INSERT INTO membership (organisation_id, user_id, role, created_at)
SELECT o.id, u.id, 'owner', u.created_at FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM organisation) o
JOIN (SELECT id, created_at, row_number() OVER (ORDER BY id) n FROM "user") u ON u.n = o.n;
INSERT INTO membership (organisation_id, user_id, role, created_at)
SELECT o.id, u.id, 'member', u.created_at FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM organisation) o
JOIN (SELECT id, created_at, row_number() OVER (ORDER BY id) - 3000 n FROM "user") u ON u.n = o.n AND u.n <= 2000;
INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen_at, ip)
SELECT sha256(('s' || u.id || '-' || k)::bytea), u.id, 'c' || u.id, u.created_at + k, u.created_at + 100 * k, '192.0.2.' || (u.id % 250)
FROM "user" u, generate_series(1, 2) k;
INSERT INTO link_token (purpose, token_hash, user_id, organisation_id, email, role, expires_at, used_at, created_at, invited_by)
SELECT (ARRAY['confirm', 'reset', 'email', 'invite'])[1 + i % 4], sha256(('l' || i)::bytea),
       CASE WHEN i % 4 <> 3 THEN (SELECT min(id) FROM "user") + i % 6000 END,
       CASE WHEN i % 4 = 3 THEN (SELECT min(id) FROM organisation) + i % 3000 END,
       CASE WHEN i % 4 = 3 THEN 'invitee' || i || '@example.jp' ELSE '' END,
       CASE WHEN i % 4 = 3 THEN 'member' ELSE '' END,
       1700000000 + i + 86400, CASE WHEN i % 3 = 0 THEN 1700000000 + i + 60 END, 1700000000 + i,
       CASE WHEN i % 4 = 3 THEN (SELECT min(id) FROM "user") + i % 3000 END
FROM generate_series(1, 8000) i;
INSERT INTO login_failure (email, ip, network, device_id, at)
SELECT 'user' || (i % 6000) || '@example.jp', '198.51.100.' || (i % 250), '198.51.100.' || (i % 250),
       CASE WHEN i % 5 = 0 THEN i END, 1700000000 + 10 * i FROM generate_series(1, 5000) i;
-- devices that have logged in: one for most accounts
INSERT INTO login_device (user_id, token_hash, created_at, last_used_at)
SELECT u.id, sha256(('d' || u.id)::bytea), u.created_at, u.created_at + 3600 FROM "user" u WHERE u.id % 4 <> 0;
INSERT INTO supporter (user_id, kind, prefecture, organisation_name, code, created_at)
SELECT u.id, 'tax_accountant', 1 + u.id % 47, 'office ' || u.id, 'S' || u.id, u.created_at
FROM (SELECT id, created_at, row_number() OVER (ORDER BY id) n FROM "user") u WHERE u.n > 5000;
INSERT INTO supporter_grant (organisation_id, supporter_user_id, access, granted_by, granted_at, revoked_at)
SELECT o.id, s.user_id, CASE WHEN o.n % 2 = 0 THEN 'read' ELSE 'edit' END, NULL, 1700000000 + o.n,
       CASE WHEN o.n % 5 = 0 THEN 1700100000 END
FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM organisation) o
JOIN (SELECT user_id, row_number() OVER (ORDER BY user_id) - 1 n FROM supporter) s ON s.n = o.n % 1000;
INSERT INTO audit (at, actor_user_id, ip, action, organisation_id, target, outcome)
SELECT 1700000000 + 30 * i, (SELECT min(id) FROM "user") + i % 6000, '192.0.2.' || (i % 250),
       (ARRAY['login', 'org.update', 'declaration.create', 'admin.user'])[1 + i % 4],
       CASE WHEN i % 4 <> 0 THEN (SELECT min(id) FROM organisation) + i % 3000 END,
       CASE WHEN i % 4 = 3 THEN 'user' || (i % 6000) || '@example.jp' ELSE '' END,
       CASE WHEN i % 9 = 0 THEN 'failed' ELSE 'ok' END
FROM generate_series(1, 30000) i;
INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at, sent_at)
SELECT 'user' || (i % 6000) || '@example.jp', 'subject', 'body', 1700000000 + 20 * i, 1700000000 + 20 * i,
       CASE WHEN i % 100 <> 0 THEN 1700000000 + 20 * i + 5 END
FROM generate_series(1, 10000) i;
INSERT INTO assessment_draft (organisation_id, user_id, token_hash, expires_at, version, submit_token, created_at, updated_at)
SELECT CASE WHEN i % 3 = 0 THEN (SELECT min(id) FROM organisation) + i END,
       CASE WHEN i % 3 = 1 THEN (SELECT min(id) FROM "user") + i END,
       CASE WHEN i % 3 = 2 THEN sha256(('d' || i)::bytea) END,
       CASE WHEN i % 3 = 2 THEN 1700000000 + i + 86400 END,
       '2024', 't' || i, 1700000000 + i, 1700000000 + i
FROM generate_series(1, 1500) i;
INSERT INTO assessment_draft_answer (draft_id, item, answer)
SELECT d.id, k, 'done' FROM assessment_draft d, generate_series(1, 25) k WHERE k <= 1 + d.id % 25;
-- management self-check drafts, as many and owned the same way
INSERT INTO management_draft (organisation_id, user_id, token_hash, expires_at, version, submit_token, created_at, updated_at)
SELECT CASE WHEN i % 3 = 0 THEN (SELECT min(id) FROM organisation) + i END,
       CASE WHEN i % 3 = 1 THEN (SELECT min(id) FROM "user") + i END,
       CASE WHEN i % 3 = 2 THEN sha256(('m' || i)::bytea) END,
       CASE WHEN i % 3 = 2 THEN 1700000000 + i + 86400 END,
       'v1', 'm' || i, 1700000000 + i, 1700000000 + i
FROM generate_series(1, 1500) i;
INSERT INTO management_draft_answer (draft_id, question, answer)
SELECT d.id, k, '3' FROM management_draft d, generate_series(1, 40) k WHERE k <= 1 + d.id % 40;
INSERT INTO policy_draft (organisation_id, preamble, updated_at)
SELECT id, 'draft', 1700000000 FROM organisation WHERE id % 6 = 0;
-- consultations: one for every third firm, opened by its owner, most of them closed; half the
-- supporters respond, each in two prefectures and three categories; two offers, four messages
-- and an attachment for each consultation
INSERT INTO responder (user_id, active, digest_sent_at, created_at, updated_at)
SELECT user_id, user_id % 10 <> 0, 1700000000, 1700000000, 1700000000 FROM supporter WHERE user_id % 2 = 0;
INSERT INTO responder_skill (user_id, category)
SELECT r.user_id, (ARRAY['malware', 'unauthorised_access', 'fraud', 'data_leak', 'how_to', 'scheme', 'other'])[1 + (r.user_id + k) % 7]
FROM responder r, generate_series(0, 2) k;
INSERT INTO responder_prefecture (user_id, prefecture)
SELECT r.user_id, 1 + (r.user_id + 23 * k) % 47 FROM responder r, generate_series(0, 1) k;
INSERT INTO consultation (organisation_id, opened_by, prefecture, category, urgency, question, status,
                          responder_user_id, created_at, updated_at, assigned_at, first_answer_at, answered_at, closed_at)
SELECT o.id, m.user_id, o.prefecture,
       (ARRAY['malware', 'unauthorised_access', 'fraud', 'data_leak', 'how_to', 'scheme', 'other'])[1 + o.id % 7],
       (ARRAY['now', 'week', 'question'])[1 + o.id % 3], 'question ' || o.id,
       CASE WHEN o.id % 30 = 0 THEN 'new' WHEN o.id % 30 = 3 THEN 'answered' ELSE 'closed' END,
       CASE WHEN o.id % 30 <> 0 THEN (SELECT user_id FROM responder ORDER BY user_id OFFSET o.id % 400 LIMIT 1) END,
       1700000000 + o.id * 600, 1700000000 + o.id * 600,
       CASE WHEN o.id % 30 <> 0 THEN 1700000000 + o.id * 600 + 3600 END,
       CASE WHEN o.id % 30 <> 0 THEN 1700000000 + o.id * 600 + 7200 END,
       CASE WHEN o.id % 30 <> 0 THEN 1700000000 + o.id * 600 + 7200 END,
       CASE WHEN o.id % 30 NOT IN (0, 3) THEN 1700000000 + o.id * 600 + 86400 END
FROM organisation o JOIN membership m ON m.organisation_id = o.id AND m.role = 'owner' WHERE o.id % 3 = 0;
INSERT INTO consultation_offer (consultation_id, responder_user_id, created_at)
SELECT c.id, r.user_id, c.created_at FROM consultation c
JOIN (SELECT user_id, row_number() OVER (ORDER BY user_id) n FROM responder) r ON r.n IN (1 + c.id % 400, 2 + c.id % 400);
INSERT INTO consultation_message (consultation_id, author_user_id, side, body, created_at)
SELECT c.id, c.opened_by, CASE WHEN k % 2 = 0 THEN 'firm' ELSE 'responder' END, 'message ' || k, c.created_at + k * 60
FROM consultation c, generate_series(0, 3) k;
INSERT INTO consultation_attachment (consultation_id, name, filename, content_type, size, data, created_at)
SELECT c.id, 'att' || c.id, 'screen.png', 'image/png', 8, '\x89504e470d0a1a0a'::bytea, c.created_at FROM consultation c;
INSERT INTO consultation_participant (consultation_id, user_id, added_by, added_at)
SELECT c.id, s.user_id, c.opened_by, c.created_at FROM consultation c
JOIN (SELECT user_id, row_number() OVER (ORDER BY user_id) n FROM supporter) s ON s.n = 1 + c.id % 900 WHERE c.id % 5 = 0;
