-- 0014: the trade of an organisation names more lines of business, those
-- whose SME limits differ from their division's (core/size_class.h,
-- DOMAIN.md §7): accommodation and eating places in division M (M 76–77
-- count as retail), entertainment in N and rubber products in E, beside
-- wholesale and retail in I. SQLite cannot change a column's CHECK, so the
-- column is made again under the same name with the wider CHECK and the
-- values copied (the program names its columns, never their order).
ALTER TABLE organisation ADD COLUMN trade_new TEXT NOT NULL DEFAULT ''
	CHECK (trade_new IN ('', 'wholesale', 'retail', 'accommodation', 'eating',
	                     'entertainment', 'rubber'));
UPDATE organisation SET trade_new = trade;
ALTER TABLE organisation DROP COLUMN trade;
ALTER TABLE organisation RENAME COLUMN trade_new TO trade;
