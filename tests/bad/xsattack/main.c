/* xsattack: a domU that attacks dom0's xenstored through its store ring,
 * and the bystander that must be served correctly meanwhile.
 *   xsattack attack    permissions, malformed and out-of-order messages,
 *                      watch/transaction/entry/value floods, a request
 *                      flood; last, a header over the payload limit, which
 *                      must get the connection dropped
 *   xsattack liar      ring indexes that lie: dropped too
 *   xsattack bystander N   N write/read rounds through libos's xenbus
 */
#include "ring.h"
#include <errno.h>
#include <libos/libos.h>
#include <libos/time.h>
#include <libos/xenbus.h>
#include "../../guest/check.h"

#define MS 1000000ULL

static struct xsd_reply r;

/* A request whose payload is the given strings, each NUL-terminated. */
static int call_strs(uint32_t type, uint32_t tx, const char *a, const char *b)
{
    static char buf[XENSTORE_PAYLOAD_MAX];
    size_t n = strlen(a) + 1, m = b ? strlen(b) + (type == XS_WRITE ? 0 : 1) : 0;

    if (n + m > sizeof(buf))
        return -1;

    memcpy(buf, a, n);
    if (b)
        memcpy(buf + n, b, m);
    return ring_call(type, tx, buf, n + m, &r);
}

/* The reply was XS_ERROR with this errno name. */
static int is_error(int type, const char *name)
{
    return type == XS_ERROR && !strcmp(r.body, name);
}

static void permissions(void)
{
    CHECK_EQ("read our name", call_strs(XS_READ, 0, "name", NULL), XS_READ);
    CHECK_TRUE("write into dom0's home: EACCES",
               is_error(call_strs(XS_WRITE, 0, "/local/domain/0/evil", "x"), "EACCES"));
    CHECK_TRUE("overwrite our name (dom0's node): EACCES",
               is_error(call_strs(XS_WRITE, 0, "name", "evil"), "EACCES"));
    CHECK_TRUE("set_perms on dom0's node: EACCES",
               is_error(call_strs(XS_SET_PERMS, 0, "name", "b1"), "EACCES"));
    CHECK_TRUE("rm /local/domain/0: EACCES",
               is_error(call_strs(XS_RM, 0, "/local/domain/0", NULL), "EACCES"));
    CHECK_TRUE("introduce from a domU: EACCES",
               is_error(ring_call(XS_INTRODUCE, 0, "5\0" "1\0" "1", 6, &r), "EACCES"));
    CHECK_TRUE("read another domain's data: EACCES or ENOENT",
               is_error(call_strs(XS_READ, 0, "/local/domain/1/data", NULL), "EACCES") ||
               is_error(r.h.type, "ENOENT"));
}

static void malformed(void)
{
    CHECK_TRUE("unterminated path: EINVAL",
               is_error(ring_call(XS_READ, 0, "name", 4, &r), "EINVAL"));
    CHECK_TRUE("bad path characters: EINVAL",
               is_error(call_strs(XS_READ, 0, "da ta/x*", NULL), "EINVAL"));
    CHECK_TRUE("unknown type: an error",
               ring_call(XS_TYPE_COUNT + 7, 0, "", 0, &r) == XS_ERROR);
    CHECK_TRUE("a watch event sent as a request: an error",
               ring_call(XS_WATCH_EVENT, 0, "a\0b", 4, &r) == XS_ERROR);
    CHECK_TRUE("watch with one argument: EINVAL",
               is_error(ring_call(XS_WATCH, 0, "data", 5, &r), "EINVAL"));
    CHECK_TRUE("end of a transaction never started: ENOENT",
               is_error(ring_call(XS_TRANSACTION_END, 12345, "T", 2, &r), "ENOENT"));
    CHECK_TRUE("read in a transaction never started: ENOENT",
               is_error(call_strs(XS_READ, 777, "name", NULL), "ENOENT"));
    CHECK_EQ("still served after all that", call_strs(XS_READ, 0, "domid", NULL),
             XS_READ);
}

static void floods(void)
{
    unsigned ok = 0, quota = 0;
    static char big[3000];
    char path[32];

    for (int i = 0; i < 200; i++) {
        snprintf(path, sizeof(path), "data/w%d", i);
        int t = call_strs(XS_WATCH, 0, path, "tok");
        ok += t == XS_WATCH, quota += is_error(t, "E2BIG");
    }
    printf("xsattack: 200 watches: %u set, %u refused\n", ok, quota);
    CHECK_TRUE("watch flood: the quota stops it", ok == 128 && quota == 72);
    CHECK_EQ("reset watches", ring_call(XS_RESET_WATCHES, 0, "", 0, &r),
             XS_RESET_WATCHES);
    ok = quota = 0;
    for (int i = 0; i < 20; i++) {
        int t = ring_call(XS_TRANSACTION_START, 0, "", 1, &r);
        ok += t == XS_TRANSACTION_START, quota += is_error(t, "ENOSPC");
    }
    printf("xsattack: 20 transactions: %u open, %u refused\n", ok, quota);
    CHECK_TRUE("transaction flood: the quota stops it", ok == 10 && quota == 10);
    ok = quota = 0;
    for (int i = 0; i < 1100 && !quota; i++) {
        snprintf(path, sizeof(path), "data/n%d", i);
        int t = call_strs(XS_WRITE, 0, path, "v");
        ok += t == XS_WRITE, quota += is_error(t, "ENOSPC");
    }
    printf("xsattack: entries: %u written before the quota\n", ok);
    CHECK_TRUE("entry flood: the quota stops it", quota && ok > 900 && ok < 1000);
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    CHECK_TRUE("a 3000-byte value: refused",
               ring_call(XS_WRITE, 0, "data/big\0", 9, &r) >= 0 &&
               is_error(call_strs(XS_WRITE, 0, "data/n0", big), "ENOSPC"));
}

/* 100 requests before reading any reply: flow control, not a drop. */
static void request_flood(void)
{
    unsigned got = 0;

    for (int i = 0; i < 100; i++)
        if (ring_send(XS_READ, 0, "domid", 6))
            break;
    while (got < 100 && !ring_recv(&r, 2000))
        got += r.h.type == XS_READ;
    CHECK_EQ("100 pipelined requests, 100 answers", got, 100);
}

static void oversized(void)
{
    struct xsd_sockmsg h = { XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    ring_put(&h, sizeof(h));
    CHECK_TRUE("a header over the payload limit: no answer, dropped",
               ring_recv(&r, 1000) != 0);
}

static void liar(void)
{
    struct xenstore_domain_interface *i = ring_intf();

    CHECK_EQ("served before the lie", call_strs(XS_READ, 0, "name", NULL), XS_READ);
    i->req_prod = i->req_cons + 3 * XENSTORE_RING_SIZE;
    ring_notify();
    CHECK_TRUE("ring indexes that lie: no answer, dropped", ring_recv(&r, 1000) != 0);
}

static void bystander(unsigned rounds)
{
    unsigned bad = 0;
    char val[16], *got;

    for (unsigned i = 0; i < rounds; i++) {
        snprintf(val, sizeof(val), "%u", i);
        if (xenbus_write(XBT_NIL, "data/k", val) ||
            xenbus_read(XBT_NIL, "data/k", &got) < 0) {
            bad++;
            continue;
        }
        bad += strcmp(got, val) != 0;
        free(got);
        time_sleep_ns(2 * MS);
    }
    printf("xsattack: bystander: %u rounds, %u bad\n", rounds, bad);
    CHECK_EQ("bystander: every round served right", bad, 0);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "attack";

    if (!strcmp(mode, "bystander")) {
        bystander(argc > 2 ? atoi(argv[2]) : 300);
        return checks_summary("bystander");
    }
    if (ring_open())
        return printf("xsattack: no store ring\n"), 1;
    if (!strcmp(mode, "liar")) {
        liar();
    } else {
        permissions();
        malformed();
        floods();
        request_flood();
        oversized();
    }
    checks_summary(mode);
    exit(0);                           /* the status write will time out */
}
