-- notice_forged.lua - a genuine-looking two-star declaration-complete notice (direct from
-- ipa.go.jp) to the grant address, carrying forged X-SA-Triage-Verdict (twice) and
-- X-SA-Triage-Star headers. Expects: the forged ones deleted, the milter's own verdict
-- (consistent: no DKIM here, so not verified), notice and star added, and the routing rule
-- "star2-review" of run_miltertest.sh's config adding tokyo-review as a recipient.
dofile(dir .. "/common.lua")

local conn = open_session()
local headers = notice_headers("SECURITY ACTION <security-action@ipa.go.jp>")
table.insert(headers, 1, {"X-SA-Triage-Verdict", "verified"})
table.insert(headers, {"X-SA-Triage-Star", "1"})
table.insert(headers, {"X-SA-Triage-Verdict", "verified"})
send_message(conn, "MT0001", "<security-action@ipa.go.jp>", {GRANT}, headers,
             notice_body("株式会社サンプル商事", "41234567890", "12345678901"))

expect(mt.eom_check(conn, MT_HDRDELETE, "X-SA-Triage-Verdict"), "forged verdict deleted")
expect(mt.eom_check(conn, MT_HDRDELETE, "X-SA-Triage-Star"), "forged star deleted")
expect(mt.eom_check(conn, MT_HDRADD, "X-SA-Triage-Verdict", "consistent"),
       "X-SA-Triage-Verdict: consistent added")
expect(mt.eom_check(conn, MT_HDRADD, "X-SA-Triage-Notice", "declaration-complete"),
       "X-SA-Triage-Notice: declaration-complete added")
expect(mt.eom_check(conn, MT_HDRADD, "X-SA-Triage-Star", "2"), "X-SA-Triage-Star: 2 added")
expect(mt.eom_check(conn, MT_HDRADD, "X-SA-Triage-Forward", "direct"),
       "X-SA-Triage-Forward: direct added")
expect(mt.eom_check(conn, MT_RCPTADD, REVIEW), "tokyo-review added as recipient")
expect(not mt.eom_check(conn, MT_QUARANTINE), "not quarantined")
expect(mt.getreply(conn) == SMFIR_CONTINUE or mt.getreply(conn) == SMFIR_ACCEPT,
       "end of message accepted")
-- The user number is masked in its header (privacy.user_number: mask).
expect(mt.getheader(conn, "X-SA-Triage-User-Number", 0) == "*******8901",
       "user number masked")
finish(conn)
