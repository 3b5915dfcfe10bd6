-- wrk script for the memory soak of `dateline serve`: a mix of every endpoint, in turn.
-- Article ids for show/similar come from the file named by DATELINE_IDS (one per line;
-- scripts/serve_soak.sh writes it from the index being served).
-- Usage: DATELINE_IDS=ids.txt wrk -t2 -c8 -d300s --latency -s scripts/serve_soak.lua URL
local words = { "oil", "bank", "trade", "prices", "dollar", "grain", "shares", "profit",
  "market", "rates", "tax", "coffee", "steel", "gold", "loan", "export", "strike", "merger" }
local ids = {}
local f = io.open(os.getenv("DATELINE_IDS") or "", "r")
if f then
  for line in f:lines() do ids[#ids + 1] = line end
  f:close()
end
if #ids == 0 then ids = { "none" } end
local n = 0
local function pick(list) return list[(n % #list) + 1] end
local shapes = {
  function() return "/api/search?q=" .. pick(words) end,
  function() return "/api/search?q=%22" .. pick(words) .. "+" .. words[(n * 7 % #words) + 1] .. "%22~5&sort=newest" end,
  function() return "/api/search?q=" .. pick(words) .. "+OR+" .. words[(n * 5 % #words) + 1] .. "&offset=20&limit=20" end,
  function() return "/api/search?q=" .. pick(words) .. "&timeline=auto" end,
  function() return "/api/search?q=" .. pick(words) .. "&from=1987-03&to=1987-04&timeline=week" end,
  function() return "/api/search?q=" .. pick(words) .. "x" end,
  function() return "/api/speakers?q=" .. pick(words) .. "&limit=10" end,
  function() return "/api/show/" .. pick(ids) end,
  function() return "/api/similar/" .. pick(ids) .. "?limit=5" end,
  function() return "/api/stats" end,
}
request = function()
  n = n + 1
  return wrk.format("GET", shapes[(n % #shapes) + 1]())
end
