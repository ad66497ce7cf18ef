-- plain.lua - two messages on one connection. First a plain message to the grant address:
-- verdict none, no notice/star headers, nothing deleted, no routing. Then, on the same
-- connection, an out-of-scope message (to other@) with a forged X-SA-Triage-Verdict: it is
-- deleted but no verdict is added (the per-message state of the first must not leak).
dofile(dir .. "/common.lua")

local conn = open_session()
-- "自己宣言について" ("about the self-declaration"): an applicant's own words, no notice.
send_message(conn, "MT0002", "<applicant@example.jp>", {GRANT}, {
  {"From", "Applicant <applicant@example.jp>"},
  {"To", "hojokin@grant.example.lg.jp"},
  {"Subject", "=?UTF-8?B?6Ieq5bex5a6j6KiA44Gr44Gk44GE44Gm?="},
  {"MIME-Version", "1.0"},
  {"Content-Type", "text/plain; charset=UTF-8"},
  {"Content-Transfer-Encoding", "8bit"},
}, "自己宣言IDは41234567890です。よろしくお願いします。\r\n")
expect(mt.eom_check(conn, MT_HDRADD, "X-SA-Triage-Verdict", "none"), "verdict none added")
expect(not mt.eom_check(conn, MT_HDRADD, "X-SA-Triage-Notice"), "no notice header")
expect(not mt.eom_check(conn, MT_HDRADD, "X-SA-Triage-Star"), "no star header")
expect(not mt.eom_check(conn, MT_HDRDELETE), "nothing deleted")
expect(not mt.eom_check(conn, MT_RCPTADD, REVIEW), "no recipient added")
expect(not mt.eom_check(conn, MT_QUARANTINE), "not quarantined")

send_message(conn, "MT0003", "<someone@example.jp>", {OTHER}, {
  {"From", "someone@example.jp"},
  {"To", "other@grant.example.lg.jp"},
  {"Subject", "minutes"},
  {"X-SA-Triage-Verdict", "verified"},
}, "see attached\r\n")
expect(mt.eom_check(conn, MT_HDRDELETE, "X-SA-Triage-Verdict"), "out of scope: forged deleted")
expect(not mt.eom_check(conn, MT_HDRADD), "out of scope: no header added")
expect(not mt.eom_check(conn, MT_QUARANTINE), "out of scope: not quarantined")
finish(conn)
