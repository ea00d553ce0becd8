/* xenstored robustness: malformed and split input, a random-message fuzz
 * under ASan, and leak checks over introduce/release cycles. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "xenstored.h"
#include "check.h"

#include "test_xenstored_lib.h"

#define REQ(c, type, tx, lit) xst_call(c, type, tx, lit, sizeof(lit))
#define HDR sizeof(struct xsd_sockmsg)

static struct xs_conn *u5;

static void setup(void)
{
    if (u5)
        xsd_conn_free(u5);
    xsd_init(NULL, NULL);
    u5 = xsd_conn_new(5, false);
    xsd_mkdir("/local/domain/5");
    xsd_set_perms("/local/domain/5", "n5");
}

static size_t put_msg(char *buf, uint32_t type, uint32_t req, const void *p,
                      uint32_t len)
{
    struct xsd_sockmsg h = { type, req, 0, len };

    memcpy(buf, &h, HDR);
    memcpy(buf + HDR, p, len);
    return HDR + len;
}

/* Replies queued on c, counted and dropped. */
static unsigned drain(struct xs_conn *c)
{
    struct xsd_sockmsg h;
    char buf[XENSTORE_PAYLOAD_MAX];
    unsigned n = 0;

    while (xsd_conn_output_pending(c) >= HDR) {
        xsd_conn_output(c, &h, HDR);
        xsd_conn_output(c, buf, h.len);
        n += h.type != XS_WATCH_EVENT;
    }
    return n;
}

static void test_oversized(void)
{
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    setup();
    CHECK(xsd_conn_input(u5, &h, HDR) == -1);
    CHECK(xsd_conn_dead(u5) && !xsd_conn_can_read(u5));
    CHECK(xsd_conn_input(u5, "x", 1) == -1);
    /* exactly the maximum is fine */
    xsd_conn_free(u5);
    u5 = xsd_conn_new(5, false);
    {
        static char big[XENSTORE_PAYLOAD_MAX];
        memset(big, 'a', sizeof(big));
        memcpy(big, "x", 2);
        CHECK(xst_call(u5, XS_WRITE, 0, big, sizeof(big)) && xst_err("ENOSPC"));
    }
}

static void test_malformed(void)
{
    setup();
    CHECK(xst_call(u5, XS_READ, 0, "abc", 3) && xst_err("EINVAL"));
    CHECK(xst_call(u5, XS_READ, 0, "", 0) && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_READ, 0, "a\0b") && xst_err("EINVAL"));
    CHECK(xst_call(u5, XS_WRITE, 0, "abc", 3) && xst_err("EINVAL"));
    CHECK(xst_call(u5, XS_MKDIR, 0, "abc", 3) && xst_err("EINVAL"));
    CHECK(xst_call(u5, XS_RM, 0, "x\0y", 3) && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_WATCH, 0, "abc") && xst_err("EINVAL"));
    CHECK(xst_call(u5, XS_WATCH, 0, "a\0t", 3) && xst_err("EINVAL"));
    CHECK(xst_call(u5, XS_UNWATCH, 0, "a", 1) && xst_err("EINVAL"));
    CHECK(xst_call(u5, XS_SET_PERMS, 0, "a", 1) && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_GET_DOMAIN_PATH, 0, "") && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_GET_DOMAIN_PATH, 0, "99999999999999999999") && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_DIRECTORY_PART, 0, "a") && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_TRANSACTION_END, 0, "T") && xst_err("ENOENT"));
    CHECK(REQ(xsd_local_conn(), XS_INTRODUCE, 0, "5\0""1") && xst_err("EINVAL"));
    CHECK(REQ(xsd_local_conn(), XS_INTRODUCE, 0, "5\0""1\0""2\0""3") && xst_err("EINVAL"));
    CHECK(REQ(xsd_local_conn(), XS_INTRODUCE, 0, "-5\0""1\0""2") && xst_err("EINVAL"));
    CHECK(REQ(xsd_local_conn(), XS_RELEASE, 0, "") && xst_err("EINVAL"));
    CHECK(REQ(xsd_local_conn(), XS_IS_DOMAIN_INTRODUCED, 0, "5\0""6") && xst_err("EINVAL"));
    CHECK(!xsd_conn_dead(u5));
}

static void test_garbage_types(void)
{
    static const uint32_t types[] = {
        XS_CONTROL, XS_WATCH_EVENT, XS_ERROR, XS_RESUME, XS_SET_TARGET,
        XS_SET_TARGET + 1, XS_TYPE_COUNT, XS_INVALID, 0xffffffffu,
    };
    unsigned i;

    setup();
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        CHECK(REQ(u5, types[i], 0, "x") == XS_ERROR && xst_err("ENOSYS"));
    CHECK(REQ(u5, XS_READ, 77, "x") && xst_err("ENOENT"));  /* no such tx */
}

/* The same three requests byte by byte, in odd chunks, all at once. */
static void test_split_coalesced(void)
{
    char in[3 * (HDR + 16)];
    size_t len = 0, i, step;

    setup();
    len += put_msg(in + len, XS_WRITE, 1, "k\0v", 3);
    len += put_msg(in + len, XS_READ, 2, "k", 2);
    len += put_msg(in + len, XS_GET_DOMAIN_PATH, 3, "5", 2);
    for (step = 1; step <= len; step = step * 3 + 1) {
        for (i = 0; i < len; i += step) {
            size_t n = len - i < step ? len - i : step;
            CHECK(xsd_conn_input(u5, in + i, n) == 0);
        }
        CHECK(drain(u5) == 3);
    }
    CHECK(xsd_conn_input(u5, in, len) == 0 && drain(u5) == 3);
    /* half a header waits */
    CHECK(xsd_conn_input(u5, in, 7) == 0 && xsd_conn_output_pending(u5) == 0);
    CHECK(xsd_conn_input(u5, in + 7, len - 7) == 0 && drain(u5) == 3);
}

/* A glue that keeps feeding while can_read is false hits the bound. */
static void test_input_bound(void)
{
    char msg[HDR + 2];
    size_t len = put_msg(msg, XS_READ, 1, "k", 2), fed = 0;
    int rc = 0;

    setup();
    while (rc == 0 && fed < 2 * XSD_INPUT_MAX) {
        rc = xsd_conn_input(u5, msg, len);
        fed += len;
    }
    CHECK(rc == -1 && xsd_conn_dead(u5));
    CHECK(fed > XSD_INPUT_MAX &&
          fed <= XSD_INPUT_MAX + (XSD_REQ_OUTSTANDING + 1) * len);
    CHECK(xsd_conn_output_pending(u5) < XSD_REQ_OUTSTANDING * (HDR + 16));
}

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;   /* xorshift64 */
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (uint32_t)(rng % n) : 0;
}

/* A payload that often parses: path-ish words and NULs, sometimes bytes. */
static uint32_t fuzz_payload(char *p, uint32_t type)
{
    static const char *const words[] = {
        "/", "local", "domain", "5", "6", "0", "a", "b", "@releaseDomain",
        "T", "F", "r5", "n6", "b0", "w7", "..", "x y", "1", "/local/domain/6",
        "data", "//", "-", "_", "3",
    };
    uint32_t len = 0, parts = rnd(6), i;

    if (rnd(50) == 0) {             /* raw bytes */
        len = rnd(rnd(10) ? 64 : XENSTORE_PAYLOAD_MAX + 1);
        for (i = 0; i < len; i++)
            p[i] = (char)rnd(256);
        return len;
    }
    for (i = 0; i < parts; i++) {
        const char *w = words[rnd(sizeof(words) / sizeof(words[0]))];
        size_t wl = strlen(w);
        memcpy(p + len, w, wl);
        len += (uint32_t)wl;
        p[len++] = rnd(3) ? (rnd(2) ? '/' : 0) : 0;
    }
    if (len && rnd(4) == 0)
        len--;                      /* unterminated */
    return len;
}

#define NCONN 5

static struct xs_conn *fuzz_conn(unsigned i)
{
    return xsd_conn_new(i == 0 ? 0 : 4 + i, i == 4);    /* 8 is privileged */
}

static void test_fuzz(void)
{
    struct xs_conn *c[NCONN];
    static char msg[HDR + XENSTORE_PAYLOAD_MAX + 2], out[700];
    size_t max_pending = 0;
    unsigned i, k, sum = 0, dropped = 0;

    setup();
    xsd_conn_free(u5);
    u5 = NULL;
    for (k = 0; k < NCONN; k++)
        c[k] = fuzz_conn(k);
    for (i = 0; i < 100000; i++) {
        struct xsd_sockmsg h = { rnd(26), i, rnd(4) ? 0 : rnd(4), 0 };
        unsigned which = rnd(NCONN);
        size_t len, cut;

        if (rnd(100) == 0)
            h.type = rnd(0xffffffffu);
        h.len = fuzz_payload(msg + HDR, h.type);
        if (rnd(1000) == 0)
            h.len = rnd(0xffffffffu);   /* lying header */
        memcpy(msg, &h, HDR);
        len = HDR + (h.len <= XENSTORE_PAYLOAD_MAX ? h.len : rnd(40));
        cut = rnd((uint32_t)len + 1);
        if (xsd_conn_input(c[which], msg, cut) ||
            xsd_conn_input(c[which], msg + cut, len - cut)) {
            xsd_conn_free(c[which]);
            c[which] = fuzz_conn(which);
            dropped++;
        }
        for (k = 0; k < NCONN; k++) {
            if (xsd_conn_output_pending(c[k]) > max_pending)
                max_pending = xsd_conn_output_pending(c[k]);
            if (rnd(3) == 0)
                xsd_conn_output(c[k], out, rnd(sizeof(out)));
        }
        if (rnd(500) == 0)
            xsd_introduce_domain(5 + rnd(4));
        if (rnd(700) == 0)
            xsd_release_domain(5 + rnd(4));
    }
    CHECK(max_pending < XSD_REQ_OUTSTANDING * (HDR + XENSTORE_PAYLOAD_MAX) +
                        XSD_EVENT_BYTES_MAX + HDR + XENSTORE_PAYLOAD_MAX);
    for (k = 0; k < NCONN; k++)
        xsd_conn_free(c[k]);
    for (k = 0; k <= 0xffff; k++)
        sum += xsd_entries_of(k);
    CHECK(sum == xsd_node_count());
    CHECK(xsd_node_count() >= 6 && dropped > 0);
    printf("    fuzz: %u nodes, %u connections dropped\n", xsd_node_count(),
           dropped);
}

/* One domain's life: introduced, home made by the toolstack, used by the
 * guest (nodes, watches, an open transaction), released, home removed. */
static void life(unsigned domid, bool toolstack_rm)
{
    struct xs_conn *d0 = xsd_local_conn(), *g;
    char buf[96];
    int n;

    n = snprintf(buf, sizeof(buf), "%u%c1%c2", domid, 0, 0) + 1;
    CHECK(xst_call(d0, XS_INTRODUCE, 0, buf, (size_t)n) && xst_ok());
    snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
    CHECK(xsd_mkdir(buf) == 0);
    snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
    snprintf(buf + 40, 40, "n%u r0", domid);
    CHECK(xsd_set_perms(buf, buf + 40) == 0);
    g = xsd_conn_new(domid, false);
    CHECK(REQ(g, XS_WRITE, 0, "device/vif/0/state\0""4") && xst_ok());
    CHECK(REQ(g, XS_WATCH, 0, "device\0t") && xst_ok());
    CHECK(REQ(g, XS_TRANSACTION_START, 0, "") == XS_TRANSACTION_START);
    CHECK(xst_call(g, XS_WRITE, (uint32_t)strtoul(xst_buf, NULL, 10),
                   "data\0x", 6) && xst_ok());
    CHECK(xsd_entries_of(domid) == 5);
    n = snprintf(buf, sizeof(buf), "%u", domid) + 1;
    CHECK(xst_call(d0, XS_RELEASE, 0, buf, (size_t)n) && xst_ok());
    CHECK(xsd_conn_dead(g));
    xsd_conn_free(g);
    if (toolstack_rm) {
        snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
        CHECK(xsd_rm(buf) == 0);
    }
    xst_event(d0, NULL, NULL);
}

static void test_leaks(void)
{
    unsigned base, base0, i;

    setup();
    xsd_conn_free(u5);
    u5 = NULL;
    CHECK(REQ(xsd_local_conn(), XS_WATCH, 0, "@releaseDomain\0r") && xst_ok());
    base = xsd_node_count();
    base0 = xsd_entries_of(0);
    for (i = 0; i < 200; i++)
        life(10 + i % 50, true);
    CHECK(xsd_node_count() == base && xsd_entries_of(0) == base0);
    for (i = 0; i < 50; i++)
        CHECK(xsd_entries_of(10 + i) == 0 && !xsd_domain_introduced(10 + i));
    /* without the toolstack's rm, the home directory stays, as in Xen */
    life(99, false);
    CHECK(xsd_node_count() == base + 5 && xsd_entries_of(99) == 5);
    CHECK(xsd_rm("/local/domain/99") == 0);
    CHECK(xsd_node_count() == base && xsd_entries_of(99) == 0);
}

int main(void)
{
    RUN(test_oversized);
    RUN(test_malformed);
    RUN(test_garbage_types);
    RUN(test_split_coalesced);
    RUN(test_input_bound);
    RUN(test_fuzz);
    RUN(test_leaks);
    return check_failures != 0;
}
