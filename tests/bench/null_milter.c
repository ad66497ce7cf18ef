/* null_milter.c - sa-null-milter: the benchmark baseline of tests/bench/postfix_bench.py.
 * A plain libmilter milter with libmilter's defaults (no xxfi_negotiate, NULL callbacks for
 * every step but end of message) that adds one header, X-Null-Milter: seen, to each message.
 * It inspects nothing and is not part of sa-triage; it only shows what any milter costs
 * Postfix, as in REFERENCE.md section 5.
 *
 *   sa-null-milter SPEC     SPEC: unix:/path | inet:PORT@HOST
 * Runs in the foreground until SIGTERM/SIGINT (libmilter's own signal handling). */
#include <libmilter/mfapi.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static sfsistat null_eom(SMFICTX *ctx) {
  smfi_addheader(ctx, "X-Null-Milter", "seen");
  return SMFIS_CONTINUE;
}

int main(int argc, char **argv) {
  struct smfiDesc desc = {
      "sa-null-milter",
      SMFI_VERSION,
      SMFIF_ADDHDRS,
      NULL, /* connect */
      NULL, /* helo */
      NULL, /* envfrom */
      NULL, /* envrcpt */
      NULL, /* header */
      NULL, /* eoh */
      NULL, /* body */
      null_eom,
      NULL, /* abort */
      NULL, /* close */
      NULL, /* unknown */
      NULL, /* data */
      NULL, /* negotiate: libmilter's defaults */
  };
  if (argc != 2) {
    fprintf(stderr, "usage: sa-null-milter unix:/path|inet:PORT@HOST\n");
    return 2;
  }
  if (smfi_setconn(argv[1]) != MI_SUCCESS || smfi_register(desc) != MI_SUCCESS) {
    fprintf(stderr, "sa-null-milter: cannot register on %s\n", argv[1]);
    return 1;
  }
  /* Postfix (user postfix) must reach a unix socket: make it world-writable. */
  umask(0);
  if (smfi_opensocket(1) != MI_SUCCESS) {
    fprintf(stderr, "sa-null-milter: cannot listen on %s\n", argv[1]);
    return 1;
  }
  return smfi_main() == MI_SUCCESS ? 0 : 1;
}
