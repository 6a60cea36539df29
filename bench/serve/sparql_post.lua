-- wrk script: POSTs the query in $QUERY_FILE to the endpoint as a form (query=...), which every
-- SPARQL endpoint accepts, and counts non-200 answers (reported at the end, so a failing
-- server never looks fast).
local f = assert(io.open(os.getenv("QUERY_FILE"), "r"))
local query = f:read("*a")
f:close()
local encoded = query:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end)
wrk.method = "POST"
wrk.body = "query=" .. encoded
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = os.getenv("ACCEPT") or "application/sparql-results+json"

local bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non200=%d errors=%d p50_ms=%.2f p99_ms=%.2f rps=%.1f\n",
    summary.requests, bad, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
