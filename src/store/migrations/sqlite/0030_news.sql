-- 0030: news (/news). An article is written by an administrator (site
-- news) or by an organiser of a community (that community's news). It is a
-- draft while publish_at is NULL; otherwise the public sees it from
-- publish_at on, so a time in the future schedules it and no job is needed
-- to publish. changed_at is the last change of its title, summary, body or
-- tags: a change after publish_at is shown as "updated on". slug is the
-- address /news/{slug}, unique and, once the article is published, never
-- changed (the pages refuse it); tags are kept normalised, comma-separated.
--
-- AUTOINCREMENT: the id reaches the editors' addresses and the Atom
-- entries' ids, and is never given to another article.
CREATE TABLE news_article (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	slug TEXT NOT NULL UNIQUE,
	community_id INTEGER REFERENCES community (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	summary TEXT NOT NULL,
	body TEXT NOT NULL,
	tags TEXT NOT NULL DEFAULT '',
	author_name TEXT NOT NULL,
	author_id INTEGER REFERENCES user (id) ON DELETE SET NULL,
	publish_at INTEGER,
	created_at INTEGER NOT NULL,
	changed_at INTEGER NOT NULL
);
-- The public list and the feeds: published articles, newest first; a
-- community's own, and its editors' list of every article of it.
CREATE INDEX news_article_published ON news_article (publish_at, id) WHERE publish_at IS NOT NULL;
CREATE INDEX news_article_community ON news_article (community_id, publish_at, id) WHERE community_id IS NOT NULL;

-- The weekly digest: the accounts that asked for it, and for each the
-- time up to which published articles were sent (or came before the
-- subscription). The job writes only when something was published after
-- covered_until.
CREATE TABLE news_digest (
	user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
	subscribed_at INTEGER NOT NULL,
	covered_until INTEGER NOT NULL
);
INSERT INTO job_lease (name) VALUES ('news_digest');

-- One unsubscribe link per mail, for what that mail was: the reminders
-- (0022) or the news digest.
ALTER TABLE unsubscribe_link ADD COLUMN purpose TEXT NOT NULL DEFAULT 'nudges'
	CHECK (purpose IN ('nudges', 'news_digest'));
-- The List-Unsubscribe address of a message ('' for none): the mailer
-- writes it with List-Unsubscribe-Post (RFC 8058).
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT NOT NULL DEFAULT '';
