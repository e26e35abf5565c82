-- wrk script: POSTs one notification request (BENCH_BODY) with the api key header (BENCH_APIKEY) and, at the
-- end, prints one machine-readable line (wrk's own summary lacks p99.9 and rounds latencies).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
local apikey = os.getenv("BENCH_APIKEY")
if apikey and apikey ~= "" then
  wrk.headers["apikey"] = apikey
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH_RESULT rps=%.1f requests=%d p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests / seconds, summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.errors.status, errors))
end
