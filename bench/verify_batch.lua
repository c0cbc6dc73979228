-- verify_batch.lua — wrk script: POST /api/v1/declarations/verify with a
-- body of 1,000 random {id, corporate_number} pairs from the file IDS (one
-- "ID,corporate number" per line; the number may be empty). One body per
-- thread, built once. The pairs are drawn while the file is read
-- (reservoir sampling), so memory stays the same with 3.4 million lines.
local body
local ITEMS = 1000

function init(args)
	local rows, n = {}, 0
	math.randomseed(7)
	for line in io.lines(os.getenv("BENCH_IDS")) do
		n = n + 1
		if n <= ITEMS then
			rows[n] = line
		else
			local j = math.random(n)
			if j <= ITEMS then
				rows[j] = line
			end
		end
	end
	local items = {}
	for i = 1, ITEMS do
		-- fewer lines than items: some pairs come twice
		local row = rows[i] or rows[math.random(#rows)]
		local id, number = row:match("^([^,]*),?(.*)$")
		if number ~= "" then
			items[i] = string.format('{"id":"%s","corporate_number":"%s"}', id, number)
		else
			items[i] = string.format('{"id":"%s"}', id)
		end
	end
	body = '{"items":[' .. table.concat(items, ",") .. "]}"
end

function request()
	return wrk.format("POST", "/api/v1/declarations/verify", {["Content-Type"] = "application/json"}, body)
end
