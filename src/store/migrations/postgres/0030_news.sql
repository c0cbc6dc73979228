-- 0030: news (/news). See the SQLite migration of the same number for
-- what the columns mean.
CREATE TABLE news_article (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug text NOT NULL UNIQUE,
	community_id bigint REFERENCES community (id) ON DELETE CASCADE,
	title text NOT NULL,
	summary text NOT NULL,
	body text NOT NULL,
	tags text NOT NULL DEFAULT '',
	author_name text NOT NULL,
	author_id bigint REFERENCES "user" (id) ON DELETE SET NULL,
	publish_at bigint,
	created_at bigint NOT NULL,
	changed_at bigint NOT NULL
);
CREATE INDEX news_article_published ON news_article (publish_at, id) WHERE publish_at IS NOT NULL;
CREATE INDEX news_article_community ON news_article (community_id, publish_at, id) WHERE community_id IS NOT NULL;

CREATE TABLE news_digest (
	user_id bigint PRIMARY KEY REFERENCES "user" (id) ON DELETE CASCADE,
	subscribed_at bigint NOT NULL,
	covered_until bigint NOT NULL
);
INSERT INTO job_lease (name) VALUES ('news_digest');

ALTER TABLE unsubscribe_link ADD COLUMN purpose text NOT NULL DEFAULT 'nudges'
	CHECK (purpose IN ('nudges', 'news_digest'));
ALTER TABLE outbox ADD COLUMN list_unsubscribe text NOT NULL DEFAULT '';
