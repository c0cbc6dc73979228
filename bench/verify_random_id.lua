-- verify_random_id.lua — wrk script: GET PREFIX .. a random declaration ID
-- from the file IDS (one ID per line). PREFIX is "/api/v1/declarations/"
-- or "/verify/". Seeded per thread, so runs are repeatable.
local ids = {}
local prefix = os.getenv("BENCH_PREFIX") or "/api/v1/declarations/"

function setup(thread)
	thread:set("thread_seed", math.random(1, 1000000))
end

function init(args)
	for line in io.lines(os.getenv("BENCH_IDS")) do
		ids[#ids + 1] = line
	end
	math.randomseed(tonumber(thread_seed) or 1)
end

function request()
	return wrk.format("GET", prefix .. ids[math.random(#ids)], {["Accept-Language"] = "ja"})
end
