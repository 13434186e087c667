-- wrk script of scripts/load.sh: a weighted request mix with session cookies, status counts and a summary line.
--
-- Environment:
--   FUGUE_LOAD_MIX      kind:weight,... from the kinds below, e.g. notes:7,create:2,session:1
--   FUGUE_LOAD_COOKIES  space-separated "fugue_session=..." cookies, one per user; requests take them in turn
-- Kinds: notes   GET /api/notes?limit=20 (session + a page of 20 notes)
--        create  POST /api/notes (session + an insert)
--        session GET /api/session (session + the account by id)
--        live    GET /q/health/live (no session, no database)
--        anon    GET /api/session without a cookie (everything but verification and the database; 401 expected)
-- The shell logs users in with curl and passes the cookies: logging in from here would put bcrypt in the
-- measured latencies and race the connections of a thread for the first cookie.

local kinds = {
  notes   = { method = "GET",  path = "/api/notes?limit=20", cookie = true },
  create  = { method = "POST", path = "/api/notes", cookie = true,
              body = '{"title":"load","body":"a note written by scripts/load.sh"}' },
  session = { method = "GET",  path = "/api/session", cookie = true },
  live    = { method = "GET",  path = "/q/health/live" },
  anon    = { method = "GET",  path = "/api/session" },
}

local function parse_mix(text)
  local mix = {}
  for name, weight in string.gmatch(text, "(%a+):(%d+)") do
    assert(kinds[name], "unknown kind in FUGUE_LOAD_MIX: " .. name)
    mix[#mix + 1] = { name = name, weight = tonumber(weight) }
  end
  assert(#mix > 0, "FUGUE_LOAD_MIX is empty")
  return mix
end

-- Smooth weighted round-robin (as nginx balances upstreams): exact proportions over every cycle of sum(weights)
-- requests, with the kinds interleaved rather than in runs.
local function schedule(mix)
  local total, current, order = 0, {}, {}
  for i, k in ipairs(mix) do total = total + k.weight; current[i] = 0 end
  for _ = 1, total do
    local best
    for i, k in ipairs(mix) do
      current[i] = current[i] + k.weight
      if not best or current[i] > current[best] then best = i end
    end
    current[best] = current[best] - total
    order[#order + 1] = mix[best].name
  end
  return order
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  threads[#threads + 1] = thread
end

local order, prepared, cookies, n = {}, {}, {}, 0
statuses, issued, reissued = {}, {}, 0

function init(args)
  for cookie in string.gmatch(os.getenv("FUGUE_LOAD_COOKIES") or "", "%S+") do cookies[#cookies + 1] = cookie end
  order = schedule(parse_mix(os.getenv("FUGUE_LOAD_MIX") or "notes:7,create:2,session:1"))
  -- Every request is formatted once here, not per request, so that wrk spends its CPU on sending.
  for _, name in ipairs(order) do
    if not prepared[name] then
      local kind, list = kinds[name], {}
      if kind.cookie then
        assert(#cookies > 0, "FUGUE_LOAD_COOKIES is empty but kind " .. name .. " needs a session")
        for i, cookie in ipairs(cookies) do
          local headers = { ["Cookie"] = cookie }
          if kind.body then headers["Content-Type"] = "application/json" end
          list[i] = wrk.format(kind.method, kind.path, headers, kind.body)
        end
      else
        list[1] = wrk.format(kind.method, kind.path, {}, kind.body)
      end
      prepared[name] = list
    end
  end
  n = (id or 1) * 7   -- threads start at different places of the cycle
end

function request()
  n = n + 1
  local name = order[n % #order + 1]
  local list = prepared[name]
  issued[name] = (issued[name] or 0) + 1
  return list[n % #list + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  -- A session verified with an older key comes back re-signed with the newest (after a key rotation).
  if headers["Set-Cookie"] or headers["set-cookie"] then reissued = reissued + 1 end
end

local function merge(into, from)
  for k, v in pairs(from or {}) do into[k] = (into[k] or 0) + v end
end

function done(summary, latency, requests)
  local all_statuses, all_issued, all_reissued = {}, {}, 0
  for _, thread in ipairs(threads) do
    merge(all_statuses, thread:get("statuses"))
    merge(all_issued, thread:get("issued"))
    all_reissued = all_reissued + (thread:get("reissued") or 0)
  end
  local non2xx, status_text = 0, {}
  for status, count in pairs(all_statuses) do
    if status < 200 or status > 299 then non2xx = non2xx + count end
    status_text[#status_text + 1] = status .. "=" .. count
  end
  table.sort(status_text)
  local kind_text = {}
  for name, count in pairs(all_issued) do kind_text[#kind_text + 1] = name .. "=" .. count end
  table.sort(kind_text)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d reissued=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    non2xx, e.connect, e.read, e.write, e.timeout, all_reissued))
  io.write("STATUSES " .. table.concat(status_text, " ") .. "\n")
  io.write("ISSUED " .. table.concat(kind_text, " ") .. "\n")
end
