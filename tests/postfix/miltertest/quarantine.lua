-- quarantine.lua - the same notice from a look-alike domain (ipa-go.jp): verdict
-- suspicious, and the routing rule "hold-suspicious" of run_miltertest.sh's config puts it
-- in the hold queue with its reason. No recipient is added.
dofile(dir .. "/common.lua")

local conn = open_session()
send_message(conn, "MT0004", "<security-action@ipa-go.jp>", {GRANT},
             notice_headers("SECURITY ACTION <security-action@ipa-go.jp>"),
             notice_body("株式会社サンプル商事", "41234567890", "12345678901"))
expect(mt.eom_check(conn, MT_HDRADD, "X-SA-Triage-Verdict", "suspicious"),
       "X-SA-Triage-Verdict: suspicious added")
expect(mt.eom_check(conn, MT_QUARANTINE, "sa-triage miltertest: suspicious evidence"),
       "quarantined with the configured reason")
expect(not mt.eom_check(conn, MT_RCPTADD, REVIEW), "no recipient added")
-- Held, not refused: the final reply is continue/accept, not a reply code or reject.
expect(mt.getreply(conn) == SMFIR_CONTINUE or mt.getreply(conn) == SMFIR_ACCEPT,
       "end of message accepted (not rejected)")
finish(conn)
