-- 0014: PostgreSQL dialect of migrations/sqlite/0014. The trade of an
-- organisation names more lines of business, those whose SME limits
-- differ from their division's (core/size_class.h, DOMAIN.md §7):
-- accommodation and eating places in division M (M 76–77 count as
-- retail), entertainment in N and rubber products in E, beside wholesale
-- and retail in I.
ALTER TABLE organisation DROP CONSTRAINT organisation_trade_check;
ALTER TABLE organisation ADD CONSTRAINT organisation_trade_check
	CHECK (trade IN ('', 'wholesale', 'retail', 'accommodation', 'eating',
	                 'entertainment', 'rubber'));
