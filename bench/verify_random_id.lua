-- verify_random_id.lua — wrk script: GET PREFIX .. a random declaration ID
-- from the file IDS (one ID per line). PREFIX is "/api/v1/declarations/"
-- or "/verify/". Seeded per thread, so runs are repeatable.
--
-- The IDs are kept as one string when they all have the same length (a
-- declaration ID always has 11 digits): 3.4 million IDs then take 41 MB
-- per wrk thread instead of a table of 3.4 million strings.
local prefix = os.getenv("BENCH_PREFIX") or "/api/v1/declarations/"
local data, width, count -- fixed-width lines: ID i at (i - 1) * width + 1
local ids                -- otherwise one string per line

function setup(thread)
	thread:set("thread_seed", math.random(1, 1000000))
end

local function read_fixed(path)
	local f = assert(io.open(path, "rb"))
	local text = f:read("*a")
	f:close()
	if text:sub(-1) ~= "\n" then
		text = text .. "\n"
	end
	local first = text:find("\n", 1, true)
	if first <= 1 or #text % first ~= 0 then
		return nil
	end
	for i = first, #text, first do
		if text:byte(i) ~= 10 or text:find("\n", i - first + 1, true) ~= i then
			return nil
		end
	end
	return text, first
end

function init(args)
	local path = os.getenv("BENCH_IDS")
	data, width = read_fixed(path)
	if data then
		count = #data / width
	else
		ids = {}
		for line in io.lines(path) do
			ids[#ids + 1] = line
		end
		count = #ids
	end
	math.randomseed(tonumber(thread_seed) or 1)
end

local function pick()
	local i = math.random(count)
	if data then
		return data:sub((i - 1) * width + 1, i * width - 1)
	end
	return ids[i]
end

function request()
	return wrk.format("GET", prefix .. pick(), {["Accept-Language"] = "ja"})
end
