-- 0035: a declarant token's row carries its declaration's search text, so
-- that a search of three or more characters confirms the text on the rows
-- of the token it walks, without reading the declaration of each row (on
-- PostgreSQL that lookup was 5–8 µs a row: a search of 山田精密 at 3.4
-- million organisations read 1,176 declarations to count 606 answers).
-- About 50 bytes more a row: at 340,000 declarations, 9.2 million rows,
-- about 450 MB. The tables are made again empty and the index marked
-- unbuilt: the store fills them at the next migrate or serve
-- (store_declarant_index_ensure), as after 0019.
DROP TABLE declarant_token;
CREATE TABLE declarant_token (
	token TEXT NOT NULL,
	sort_rank INTEGER NOT NULL,
	declaration_id INTEGER NOT NULL,
	prefecture INTEGER NOT NULL,
	industry TEXT NOT NULL,
	search_text TEXT NOT NULL,
	PRIMARY KEY (token, sort_rank, declaration_id)
) WITHOUT ROWID;

DROP TABLE declarant_token_stage;
CREATE TABLE declarant_token_stage (
	token TEXT NOT NULL,
	sort_rank INTEGER NOT NULL,
	declaration_id INTEGER NOT NULL,
	prefecture INTEGER NOT NULL,
	industry TEXT NOT NULL,
	search_text TEXT NOT NULL
);

UPDATE declarant_index SET built = NOT EXISTS (SELECT 1 FROM declaration) WHERE id = 1;
