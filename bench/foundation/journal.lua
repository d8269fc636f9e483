-- wrk script: POST /api/v1/journal with a bearer token; counts non-2xx answers.
local token = os.getenv("ML_TOKEN")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"act":"say-no","what":"bench entry %d"}', n)
  return wrk.format(nil, "/api/v1/journal", nil, body)
end
