-- common.lua - shared steps for the miltertest scripts in this directory (loaded with
-- dofile). Each helper sends one milter protocol step and stops the script with an error
-- naming the step when the filter does not answer SMFIR_CONTINUE. The scripts get the
-- socket with -D socket=unix:/path (set by run_miltertest.sh).

if socket == nil then
  error("no socket: run with -D socket=unix:/path")
end

function expect_continue(conn, what, err)
  if err ~= nil then
    error(what .. " failed: " .. tostring(err))
  end
  if mt.getreply(conn) ~= SMFIR_CONTINUE then
    error(what .. ": unexpected reply " .. tostring(mt.getreply(conn)))
  end
end

-- Opens a connection and runs negotiate, connect and helo.
function open_session()
  local conn = mt.connect(socket, 20, 0.25)
  if conn == nil then
    error("mt.connect(" .. socket .. ") failed")
  end
  mt.set_timeout(20)
  local err = mt.negotiate(conn, nil, nil, nil)
  if err ~= nil then
    error("mt.negotiate failed: " .. tostring(err))
  end
  -- The daemon keeps the connect step (see REFERENCE.md 4: mt.conninfo against a milter
  -- that negotiated it away exits 1 with no message).
  expect_continue(conn, "mt.conninfo", mt.conninfo(conn, "localhost", "127.0.0.1"))
  -- HELO (like DATA and end of headers) is negotiated away: miltertest, like Postfix, must
  -- not send it.
  return conn
end

-- Sends one message up to and including end of message. headers: list of {name, value}.
function send_message(conn, queue_id, from, rcpts, headers, body)
  mt.macro(conn, SMFIC_MAIL, "i", queue_id)
  expect_continue(conn, "mt.mailfrom", mt.mailfrom(conn, from))
  for _, r in ipairs(rcpts) do
    expect_continue(conn, "mt.rcptto " .. r, mt.rcptto(conn, r))
  end
  for _, h in ipairs(headers) do
    expect_continue(conn, "mt.header " .. h[1], mt.header(conn, h[1], h[2]))
  end
  -- (no mt.eoh: end of headers is negotiated away)
  expect_continue(conn, "mt.bodystring", mt.bodystring(conn, body))
  local err = mt.eom(conn)
  if err ~= nil then
    error("mt.eom failed: " .. tostring(err))
  end
end

failures = 0

-- Records a failed expectation without stopping, so one run reports every miss.
function expect(ok, what)
  if ok then
    mt.echo("ok: " .. what)
  else
    mt.echo("FAIL: " .. what)
    failures = failures + 1
  end
end

function finish(conn)
  mt.disconnect(conn)
  if failures > 0 then
    -- miltertest exits 1 on error() without printing the message: say it first.
    mt.echo(failures .. " expectation(s) failed")
    error(failures .. " expectation(s) failed")
  end
end

GRANT = "<hojokin@grant.example.lg.jp>"
REVIEW = "<tokyo-review@grant.example.lg.jp>"
OTHER = "<other@grant.example.lg.jp>"

-- "【SECURITY ACTION】二つ星:自己宣言完了のお知らせ", RFC 2047 encoded as IPA sends it.
SUBJECT_STAR2 = "=?UTF-8?B?44CQU0VDVVJJVFkgQUNUSU9O44CR5LqM44Gk5pifOuiHquW3seWuo+iogOWujOS6huOBruOBiuefpeOCieOBmw==?="

-- The body of a declaration-complete notice in IPA's wording (UTF-8, CRLF line ends):
-- company line before the 様 line, completion sentence, IDs, signature block.
function notice_body(company, declaration_id, user_number)
  local lines = {
    company,
    "ご担当者 様",
    "",
    "このたびは、SECURITY ACTION自己宣言の手続きが完了しました。",
    "自己宣言の内容は以下のとおりです。",
    "",
    "自己宣言ID:" .. declaration_id,
    "利用者番号:" .. user_number,
    "",
    "今後とも情報セキュリティ対策への取組みをお願いいたします。",
    "",
    "--------------------------------------------------",
    "独立行政法人情報処理推進機構",
    "SECURITY ACTION事務局",
    "--------------------------------------------------",
  }
  return table.concat(lines, "\r\n") .. "\r\n"
end

-- The header list of such a notice sent straight from `from` (mail that reaches the grant
-- office directly, forward style "direct").
function notice_headers(from)
  return {
    {"From", from},
    {"To", "hojokin@grant.example.lg.jp"},
    {"Subject", SUBJECT_STAR2},
    {"Date", "Tue, 14 May 2024 10:15:00 +0900"},
    {"Message-ID", "<20240514101500.1@mt.sa-triage.test>"},
    {"MIME-Version", "1.0"},
    {"Content-Type", "text/plain; charset=UTF-8"},
    {"Content-Transfer-Encoding", "8bit"},
  }
end
