-- wrk script for `dateline serve`: single-word searches, one word per request in turn.
-- wrk reports any answer but 200 as "Non-2xx or 3xx responses".
-- Usage: wrk -t2 -c16 -d30s --latency -s scripts/serve_load.lua http://127.0.0.1:7700
local words = { "oil", "bank", "trade", "prices", "dollar", "grain", "shares", "profit",
  "market", "rates", "tax", "coffee", "steel", "gold", "loan", "export", "strike", "merger" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/search?q=" .. words[(n % #words) + 1])
end
