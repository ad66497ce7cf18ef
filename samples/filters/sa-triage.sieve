# sa-triage.sieve - files mail tagged by the sa-triage milter into review folders by
# X-SA-Triage-Verdict and X-SA-Triage-Star (Dovecot Pigeonhole, RFC 5228 Sieve).
#
#   verified   + star 2 -> SA.verified.star2     consistent + star 2 -> SA.consistent.star2
#   verified   + star 1 -> SA.verified.star1     consistent + star 1 -> SA.consistent.star1
#   verified   no star  -> SA.verified           consistent no star  -> SA.consistent
#   suspicious          -> SA.suspicious, flagged
#   error               -> SA.error, flagged
#   none, untagged mail, values it does not know -> INBOX (implicit keep)
#
# "No star" is normal: the 申込受理のご連絡 notice (application-accepted) names no star level.
# With Dovecot's default Maildir++ layout "." is the hierarchy separator, so SA.verified.star2
# shows up as SA / verified / star2 in the mail client. Folders are created on first use.
#
# Trust: these headers mean something only because the milter deletes every incoming header
# that starts with X-SA-Triage- before writing its own, so a sender cannot forge a verdict
# through a path the milter sees. Make sure every path into this mailbox goes through the
# milter (smtpd_milters AND non_smtpd_milters in Postfix, every MX host). If some path does
# not, a forged header survives next to (or instead of) the real one: the rule below files any
# message carrying more than one verdict header as suspicious, but a single forged header on a
# path that bypasses the milter cannot be told apart here.
#
# It does not decide anything itself: the verdict is the milter's. It does not stop later
# scripts (no "stop"), so it can run as a sieve_before script or be included from a personal one.

require ["fileinto", "mailbox", "imap4flags", "relational", "comparator-i;ascii-numeric"];

# Two or more verdict headers: one was not written by the milter.
if header :count "ge" :comparator "i;ascii-numeric" "X-SA-Triage-Verdict" "2" {
  addflag "\\Flagged";
  fileinto :create "SA.suspicious";
}
elsif header :is "X-SA-Triage-Verdict" "suspicious" {
  addflag "\\Flagged";
  fileinto :create "SA.suspicious";
}
elsif header :is "X-SA-Triage-Verdict" "error" {
  addflag "\\Flagged";
  fileinto :create "SA.error";
}
elsif header :is "X-SA-Triage-Verdict" "verified" {
  if header :is "X-SA-Triage-Star" "2" {
    fileinto :create "SA.verified.star2";
  } elsif header :is "X-SA-Triage-Star" "1" {
    fileinto :create "SA.verified.star1";
  } else {
    fileinto :create "SA.verified";
  }
}
elsif header :is "X-SA-Triage-Verdict" "consistent" {
  if header :is "X-SA-Triage-Star" "2" {
    fileinto :create "SA.consistent.star2";
  } elsif header :is "X-SA-Triage-Star" "1" {
    fileinto :create "SA.consistent.star1";
  } else {
    fileinto :create "SA.consistent";
  }
}
