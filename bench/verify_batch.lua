-- verify_batch.lua — wrk script: POST /api/v1/declarations/verify with a
-- body of 1,000 random {id, corporate_number} pairs from the file IDS (one
-- "ID,corporate number" per line; the number may be empty). One body per
-- thread, built once.
local body

function init(args)
	local rows = {}
	for line in io.lines(os.getenv("BENCH_IDS")) do
		rows[#rows + 1] = line
	end
	math.randomseed(7)
	local items = {}
	for i = 1, 1000 do
		local id, number = rows[math.random(#rows)]:match("^([^,]*),?(.*)$")
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
