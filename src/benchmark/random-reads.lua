-- wrk script of the benchmark (dev.normalizer.benchmark.Wrk): GETs BENCH_PATH with %s replaced by a random line of
-- the file BENCH_VALUES, with a bearer token, and prints one summary line "BENCH {json}" for the driver to read.
-- With BENCH_RATE (requests per second over all BENCH_CONNECTIONS connections), each connection waits between two
-- requests a random 0.5 to 1.5 times its share of the interval, so that requests arrive spread out at about that
-- rate, instead of back to back.
local values = {}
local token = os.getenv("BENCH_TOKEN")
local template = os.getenv("BENCH_PATH")

function init(args)
  for line in io.lines(os.getenv("BENCH_VALUES")) do
    values[#values + 1] = line
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

local rate = tonumber(os.getenv("BENCH_RATE") or "")
if rate then
  local interval = tonumber(os.getenv("BENCH_CONNECTIONS")) * 1000 / rate
  function delay()
    return math.floor(interval * (0.5 + math.random()))
  end
end

function request()
  local value = values[math.random(#values)]
  return wrk.format("GET", string.format(template, value), { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests": %d, "durationUs": %d, "socketErrors": %d, "non2xx": %d, '
      .. '"p50Us": %d, "p99Us": %d, "p999Us": %d, "maxUs": %d}\n', summary.requests, summary.duration,
      e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99),
      latency:percentile(99.9), latency.max))
end
