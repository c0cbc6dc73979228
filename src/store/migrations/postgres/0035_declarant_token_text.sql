-- 0035: a declarant token's row carries its declaration's search text, so
-- that a search of three or more characters confirms the text on the rows
-- of the token it walks, without reading the declaration of each row (that
-- lookup was 5–8 µs a row: a search of 山田精密 at 3.4 million
-- organisations read 1,176 declarations to count 606 answers). The text is
-- in the primary key's INCLUDE list, so the walk is an index-only scan.
-- About 50 bytes more a row (a search text is at most about 800 bytes:
-- names and kana of 100 characters, well under a b-tree entry's limit).
-- The tables are made again empty and the index marked unbuilt: the store
-- fills them at the next migrate or serve (store_declarant_index_ensure),
-- as after 0019.
DROP TABLE declarant_token;
CREATE TABLE declarant_token (
	token text COLLATE "C" NOT NULL,
	sort_rank bigint NOT NULL,
	declaration_id bigint NOT NULL,
	prefecture smallint NOT NULL,
	industry text COLLATE "C" NOT NULL,
	search_text text NOT NULL,
	PRIMARY KEY (token, sort_rank, declaration_id) INCLUDE (prefecture, industry, search_text)
);

DROP TABLE declarant_token_stage;
CREATE UNLOGGED TABLE declarant_token_stage (
	token text COLLATE "C" NOT NULL,
	sort_rank bigint NOT NULL,
	declaration_id bigint NOT NULL,
	prefecture smallint NOT NULL,
	industry text COLLATE "C" NOT NULL,
	search_text text NOT NULL
);

UPDATE declarant_index SET built = NOT EXISTS (SELECT 1 FROM declaration) WHERE id = 1;
