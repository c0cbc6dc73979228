-- declarants.lua — wrk script: GET /declarants with a query picked at
-- random per request from one of two lists (BENCH_SEARCH):
--   name    a two-character name, in kanji or kana, as the seed writes
--           them (family names, common stems, trades): ?q=山田
--   filter  no text, a prefecture and an industry (JSIC division):
--           ?prefecture=13&industry=I
-- The first page of results, as a visitor's first search. Seeded per
-- thread, so runs are repeatable.
local kind = os.getenv("BENCH_SEARCH") or "name"
local paths = {}

local names = {
	"山田", "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "小林", "中村",
	"富士", "青葉", "東洋", "大和", "北斗", "中央", "丸山", "若葉", "朝日",
	"平和", "共栄", "三協", "明星", "精密", "電機", "商事", "建設", "工業",
	"食品", "印刷", "運輸", "設計", "物産", "商店", "技研", "薬局", "歯科",
	"ヤマ", "サト", "タナ", "フジ", "アオ", "さく", "みど", "ひか",
}
-- the JSIC divisions that hold most small firms (the seed's weights)
local industries = {"D", "E", "I", "K", "L", "M", "N", "P", "R"}

local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

function setup(thread)
	thread:set("thread_seed", math.random(1, 1000000))
end

function init(args)
	if kind == "filter" then
		for prefecture = 1, 47 do
			for _, industry in ipairs(industries) do
				paths[#paths + 1] = string.format("/declarants?prefecture=%d&industry=%s", prefecture, industry)
			end
		end
	else
		for _, name in ipairs(names) do
			paths[#paths + 1] = "/declarants?q=" .. urlencode(name)
		end
	end
	math.randomseed(tonumber(thread_seed) or 1)
end

function request()
	return wrk.format("GET", paths[math.random(#paths)], {["Accept-Language"] = "ja"})
end
