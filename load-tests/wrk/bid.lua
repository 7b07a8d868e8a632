-- wrk script: POSTs OpenRTB bid requests with a fresh id each, for a quick second opinion on the load tool.
--   wrk -t2 -c64 -d10s --latency -s load-tests/wrk/bid.lua http://127.0.0.1:5080/openrtb2/bid
-- wrk is closed-loop (each connection waits for its answer), so under overload its latencies understate
-- what an exchange would see; the load verb's open-loop figures are the ones to quote.
-- BID_REQUEST_FILE (an OpenRTB request JSON file) replaces the built-in request; its "id" must come first.

local template = [[{"id":"%s","imp":[{"id":"1","banner":{"format":[{"w":300,"h":250},{"w":728,"h":90}]},"bidfloor":0.2}],"site":{"domain":"news.example","publisher":{"id":"pub-1"}},"device":{"devicetype":2,"os":"iOS","geo":{"country":"USA","region":"CA"}},"user":{"id":"u-1"},"tmax":120}]]

local path = os.getenv("BID_REQUEST_FILE")
if path then
  local file = assert(io.open(path, "r"))
  local body = file:read("*a")
  file:close()
  template = body:gsub('^%s*{%s*"id"%s*:%s*"[^"]*"', '{"id":"%%s"', 1)
end

local counter = 0
local statuses = {}

function setup(thread)
  thread:set("thread_id", tostring(thread))
end

request = function()
  counter = counter + 1
  local body = string.format(template, "wrk-" .. counter .. "-" .. math.random(1, 1e9))
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %dus p90 %dus p99 %dus p99.9 %dus max %dus\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
