/* Unit tests for xenstored's protocol core (apps/dom0/xenstored): every
 * request type, permissions, watches, transactions, domains, quotas. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "xenstored.h"
#include "check.h"

#include "test_xenstored_lib.h"

/* A literal payload with its final NUL: "path\0token" is two strings. */
#define REQ(c, type, tx, lit) xst_call(c, type, tx, lit, sizeof(lit))
/* A write's value has no NUL of its own: "path\0value". */
#define WR(c, tx, lit) xst_call(c, XS_WRITE, tx, lit, sizeof(lit) - 1)
#define REPLY(lit) (xst_len == sizeof(lit) - 1 && !memcmp(xst_buf, lit, xst_len))

static struct xs_conn *d0, *u5, *u6;
static unsigned intro_calls, release_calls, last_domid;
static uint64_t last_mfn;
static int intro_rc;

static int cb_introduce(void *priv, unsigned domid, uint64_t mfn, unsigned port)
{
    intro_calls++;
    last_domid = domid;
    last_mfn = mfn;
    return intro_rc;
}

static void cb_release(void *priv, unsigned domid)
{
    release_calls++;
    last_domid = domid;
}

static void *last_cookie;
static unsigned output_calls;

static void cb_output(void *priv, void *cookie)
{
    output_calls++;
    last_cookie = cookie;
}

static const struct xs_conn_ops ops = { cb_introduce, cb_release, cb_output };

/* A fresh store, dom0's local conn, and two unprivileged domains 5 and 6
 * whose home directories the "toolstack" made as Xen's does. */
static void setup(void)
{
    if (u5)
        xsd_conn_free(u5);
    if (u6)
        xsd_conn_free(u6);
    xsd_init(&ops, NULL);
    d0 = xsd_local_conn();
    u5 = xsd_conn_new(5, false);
    u6 = xsd_conn_new(6, false);
    xsd_mkdir("/local/domain/5");
    xsd_set_perms("/local/domain/5", "n5 r0");
    xsd_mkdir("/local/domain/6");
    xsd_set_perms("/local/domain/6", "n6 r0");
    intro_calls = release_calls = 0;
    intro_rc = 0;
    xst_event(d0, NULL, NULL);
    xst_event(u5, NULL, NULL);
    xst_event(u6, NULL, NULL);
}

static void test_init_tree(void)
{
    char buf[64];

    xsd_init(&ops, NULL);
    u5 = u6 = NULL;
    CHECK(xsd_node_count() == 6);
    CHECK(xsd_entries_of(0) == 6);
    CHECK(xsd_directory("/", buf, sizeof(buf)) == 14);
    CHECK(!memcmp(buf, "local\0vm\0tool\0", 14));
    CHECK(REQ(xsd_local_conn(), XS_GET_PERMS, 0, "/local/domain") == XS_GET_PERMS);
    CHECK(REPLY("n0\0"));
    CHECK(xsd_domain_introduced(0) && !xsd_domain_introduced(5));
}

static void test_read_write(void)
{
    setup();
    CHECK(WR(u5, 0, "name\0guest") == XS_WRITE && xst_ok());
    CHECK(REQ(u5, XS_READ, 0, "name") == XS_READ && REPLY("guest"));
    CHECK(REQ(d0, XS_READ, 0, "/local/domain/5/name") == XS_READ && REPLY("guest"));
    /* values are bytes: NULs inside, empty */
    CHECK(xst_call(u5, XS_WRITE, 0, "bin\0a\0b", 7) == XS_WRITE && xst_ok());
    CHECK(REQ(u5, XS_READ, 0, "bin") && xst_len == 3 && !memcmp(xst_buf, "a\0b", 3));
    CHECK(xst_call(u5, XS_WRITE, 0, "empty", 6) == XS_WRITE && xst_ok());
    CHECK(REQ(u5, XS_READ, 0, "empty") == XS_READ && xst_len == 0);
    CHECK(REQ(u5, XS_READ, 0, "nosuch") == XS_ERROR && xst_err("ENOENT"));
    /* parents are made on the way */
    CHECK(WR(u5, 0, "a/b/c\0x") && xst_ok());
    CHECK(REQ(u5, XS_DIRECTORY, 0, "a") == XS_DIRECTORY && REPLY("b\0"));
    CHECK(REQ(u5, XS_READ, 0, "a/b") == XS_READ && xst_len == 0);
    CHECK(REQ(u5, XS_MKDIR, 0, "a/d") && xst_ok());
    CHECK(REQ(u5, XS_MKDIR, 0, "a/d") && xst_ok());     /* exists: fine */
    CHECK(REQ(u5, XS_DIRECTORY, 0, "a") && REPLY("b\0d\0"));
    CHECK(REQ(u5, XS_DIRECTORY, 0, "a/d") == XS_DIRECTORY && xst_len == 0);
    CHECK(REQ(u5, XS_DIRECTORY, 0, "zz") == XS_ERROR && xst_err("ENOENT"));
    CHECK(REQ(u5, XS_RM, 0, "a") && xst_ok());
    CHECK(REQ(u5, XS_READ, 0, "a/b/c") && xst_err("ENOENT"));
    CHECK(REQ(u5, XS_RM, 0, "a") && xst_ok());          /* parent exists */
    CHECK(REQ(u5, XS_RM, 0, "a/b") && xst_err("ENOENT"));
    CHECK(REQ(d0, XS_RM, 0, "/") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_GET_DOMAIN_PATH, 0, "7") == XS_GET_DOMAIN_PATH &&
          REPLY("/local/domain/7\0"));
    CHECK(REQ(u5, XS_GET_DOMAIN_PATH, 0, "x7") && xst_err("EINVAL"));
}

static void test_paths(void)
{
    char big[XENSTORE_PAYLOAD_MAX];

    setup();
    CHECK(WR(d0, 0, "/a b\0x") && xst_err("EINVAL"));
    CHECK(WR(d0, 0, "/a/\0x") && xst_err("EINVAL"));
    CHECK(WR(d0, 0, "/a//b\0x") && xst_err("EINVAL"));
    CHECK(WR(d0, 0, "/a.b\0x") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_READ, 0, "") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_READ, 0, "@introduceDomain") && xst_err("EINVAL"));
    CHECK(WR(d0, 0, "/ok-_@9/Z\0x") && xst_ok());
    /* the REL_PATH limit counts below /local/domain/<id>/ */
    memset(big, 'a', sizeof(big));
    big[XENSTORE_REL_PATH_MAX] = 0;
    CHECK(xst_call(u5, XS_WRITE, 0, big, XENSTORE_REL_PATH_MAX + 1) == XS_WRITE &&
          xst_ok());
    big[XENSTORE_REL_PATH_MAX] = 'a';
    big[XENSTORE_REL_PATH_MAX + 1] = 0;
    CHECK(xst_call(u5, XS_WRITE, 0, big, XENSTORE_REL_PATH_MAX + 2) &&
          xst_err("EINVAL"));
    big[0] = '/';
    big[XENSTORE_REL_PATH_MAX + 1] = 'a';
    big[XENSTORE_ABS_PATH_MAX + 1] = 0;
    CHECK(xst_call(d0, XS_WRITE, 0, big, XENSTORE_ABS_PATH_MAX + 2) &&
          xst_err("EINVAL"));
}

static void test_perms(void)
{
    setup();
    /* domU cannot see or make nodes of dom0 or of other domains */
    CHECK(REQ(u5, XS_READ, 0, "/local/domain/6") && xst_err("EACCES"));
    CHECK(WR(u5, 0, "/local/domain/6/x\0y") && xst_err("EACCES"));
    CHECK(WR(u5, 0, "/vm/x\0y") && xst_err("EACCES"));
    CHECK(REQ(u5, XS_READ, 0, "/local/domain/6/nosuch") && xst_err("EACCES"));
    CHECK(REQ(u5, XS_DIRECTORY, 0, "/local/domain") && xst_err("EACCES"));
    CHECK(REQ(u5, XS_GET_PERMS, 0, "/vm") && xst_err("EACCES"));
    /* what 5 creates it owns, inheriting the rest of the list */
    CHECK(WR(u5, 0, "dev/vif\0x") && xst_ok());
    CHECK(REQ(u5, XS_GET_PERMS, 0, "dev/vif") && REPLY("n5\0r0\0"));
    CHECK(xsd_entries_of(5) == 3);
    /* dom0's nodes inherit without owner change */
    CHECK(xsd_write("/local/domain/5/backend", "b", 1) == 0);
    CHECK(REQ(u5, XS_GET_PERMS, 0, "backend") && REPLY("n5\0r0\0"));
    /* share with 6, read only */
    CHECK(REQ(u5, XS_SET_PERMS, 0, "dev\0n5\0r6") && xst_ok());
    CHECK(REQ(u6, XS_SET_PERMS, 0, "/local/domain/5/dev\0b6") && xst_err("EACCES"));
    CHECK(REQ(u5, XS_SET_PERMS, 0, "/local/domain/5\0b5") && xst_ok());
    CHECK(REQ(u6, XS_READ, 0, "/local/domain/5/dev") && xst_len == 0);
    CHECK(WR(u6, 0, "/local/domain/5/dev\0z") && xst_err("EACCES"));
    CHECK(REQ(u6, XS_READ, 0, "/local/domain/5/dev/nosuch") && xst_err("ENOENT"));
    /* default entry: everyone else may write; owner change is dom0's */
    CHECK(REQ(u5, XS_SET_PERMS, 0, "dev\0w5") && xst_ok());
    CHECK(WR(u6, 0, "/local/domain/5/dev\0z") && xst_ok());
    CHECK(REQ(u6, XS_READ, 0, "/local/domain/5/dev") && xst_err("EACCES"));
    CHECK(REQ(u5, XS_SET_PERMS, 0, "dev\0n6") && xst_err("EPERM"));
    CHECK(REQ(d0, XS_SET_PERMS, 0, "/local/domain/5/dev\0n6") && xst_ok());
    CHECK(xsd_entries_of(6) == 2 && xsd_entries_of(5) == 3);
    CHECK(REQ(u6, XS_SET_PERMS, 0, "/local/domain/5/dev\0n6\0r5") && xst_ok());
    /* bad lists */
    CHECK(REQ(d0, XS_SET_PERMS, 0, "/vm\0x5") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_SET_PERMS, 0, "/vm\0r") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_SET_PERMS, 0, "/vm\0r70000") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_SET_PERMS, 0, "/vm") && xst_err("EINVAL"));
    CHECK(xst_call(d0, XS_SET_PERMS, 0, "/vm\0r1", 6) && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_SET_PERMS, 0, "/nosuch\0r1") && xst_err("ENOENT"));
    CHECK(xsd_set_perms("/vm", "n0  r1") == -EINVAL);
}

static void test_watches(void)
{
    setup();
    CHECK(REQ(u5, XS_WATCH, 0, "dev\0tok") == XS_WATCH && xst_ok());
    CHECK(xst_event(u5, "dev", "tok") == 1);           /* at once */
    CHECK(REQ(u5, XS_WATCH, 0, "dev\0tok") && xst_err("EEXIST"));
    CHECK(REQ(u5, XS_WATCH, 0, "/local/domain/5/dev\0abs") && xst_ok());
    CHECK(xst_event(u5, "/local/domain/5/dev", "abs") == 1);
    CHECK(WR(u5, 0, "dev/vif/0/state\0""1") && xst_ok());
    CHECK(xst_event(u5, "dev/vif/0/state", "tok") == 1);
    CHECK(xst_event(u5, "/local/domain/5/dev/vif/0/state", "abs") == 1);
    CHECK(xst_event(u5, NULL, NULL) == 0);             /* once each */
    /* dom0 watching / sees everything; 6 sees only what it may read */
    CHECK(REQ(d0, XS_WATCH, 0, "/\0all") && xst_ok() && xst_event(d0, "/", "all") == 1);
    CHECK(REQ(u6, XS_WATCH, 0, "/local/domain/5\0peek") && xst_ok());
    CHECK(xst_event(u6, "/local/domain/5", "peek") == 1);
    CHECK(xsd_write("/local/domain/5/dev/x", "1", 1) == 0);
    CHECK(xst_event(d0, "/local/domain/5/dev/x", "all") == 1);
    CHECK(xst_event(u6, NULL, NULL) == 0);
    CHECK(xst_event(u5, "dev/x", "tok") == 1);
    xst_event(u5, NULL, NULL);
    /* rm: root and ancestors' watches, and those on each removed node */
    CHECK(REQ(u5, XS_WATCH, 0, "dev/vif/0\0deep") && xst_ok());
    xst_event(u5, NULL, NULL);
    CHECK(REQ(u5, XS_RM, 0, "dev") && xst_ok());
    CHECK(xst_event(u5, "dev", "tok") == 1);
    CHECK(xst_event(u5, "/local/domain/5/dev", "abs") == 1);
    CHECK(xst_event(u5, "dev/vif/0", "deep") == 1);
    CHECK(xst_event(u5, NULL, NULL) == 0);
    CHECK(xst_event(d0, "/local/domain/5/dev", "all") == 1);
    CHECK(xst_event(d0, "/local/domain/5/dev/vif/0/state", "all") == 0);
    xst_event(d0, NULL, NULL);
    /* set_perms and mkdir of a new node fire; mkdir of an old one doesn't */
    CHECK(REQ(u5, XS_MKDIR, 0, "dev") && xst_ok() && xst_event(u5, "dev", "tok") == 1);
    CHECK(REQ(u5, XS_MKDIR, 0, "dev") && xst_ok() && xst_event(u5, "dev", "tok") == 0);
    CHECK(REQ(u5, XS_SET_PERMS, 0, "dev\0n5") && xst_ok());
    CHECK(xst_event(u5, "dev", "tok") == 1);
    xst_event(u5, NULL, NULL);
    /* unwatch, reset */
    CHECK(REQ(u5, XS_UNWATCH, 0, "dev\0tok") && xst_ok());
    CHECK(REQ(u5, XS_UNWATCH, 0, "dev\0tok") && xst_err("ENOENT"));
    CHECK(WR(u5, 0, "dev\0""2") && xst_ok());
    CHECK(xst_event(u5, "dev", "tok") == 0 &&
          xst_event(u5, "/local/domain/5/dev", "abs") == 1);
    CHECK(REQ(u5, XS_RESET_WATCHES, 0, "") && xst_ok());
    CHECK(WR(u5, 0, "dev\0""3") && xst_ok());
    CHECK(xst_event(u5, NULL, NULL) == 0);
    CHECK(REQ(u5, XS_WATCH, 0, "dev") && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_WATCH, 0, "dev\0a\0b") && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_WATCH, 0, "bad path\0a") && xst_err("EINVAL"));
}

static void test_special_watches(void)
{
    setup();
    CHECK(REQ(d0, XS_WATCH, 0, "@introduceDomain\0in") && xst_ok());
    CHECK(REQ(d0, XS_WATCH, 0, "@releaseDomain\0out") && xst_ok());
    CHECK(REQ(u5, XS_WATCH, 0, "@releaseDomain\0u") && xst_ok());
    CHECK(xst_event(d0, "@introduceDomain", "in") == 1);
    CHECK(xst_event(d0, "@releaseDomain", "out") == 1);
    xst_event(u5, NULL, NULL);
    CHECK(REQ(d0, XS_INTRODUCE, 0, "9\0""1234\0""3") && xst_ok());
    CHECK(intro_calls == 1 && last_domid == 9 && last_mfn == 1234);
    CHECK(xst_event(d0, "@introduceDomain", "in") == 1);
    CHECK(REQ(d0, XS_INTRODUCE, 0, "9\0""1234\0""3") && xst_ok());
    CHECK(intro_calls == 2 && xst_event(d0, "@introduceDomain", "in") == 0);
    CHECK(REQ(d0, XS_RELEASE, 0, "9") && xst_ok() && release_calls == 1);
    CHECK(xst_event(d0, "@releaseDomain", "out") == 1);
    CHECK(xst_event(u5, NULL, NULL) == 0);     /* special: privileged only */
    CHECK(xsd_introduce_domain(9) == 0 && intro_calls == 2);
    CHECK(xst_event(d0, "@introduceDomain", "in") == 1);
    xsd_release_domain(9);
    CHECK(xst_event(d0, "@releaseDomain", "out") == 1);
    xsd_release_domain(9);                      /* not introduced: nothing */
    CHECK(xst_event(d0, NULL, NULL) == 0 && release_calls == 2);
    CHECK(REQ(d0, XS_UNWATCH, 0, "@introduceDomain\0in") && xst_ok());
}

static void test_domains(void)
{
    setup();
    CHECK(REQ(u5, XS_INTRODUCE, 0, "7\0""1\0""2") && xst_err("EACCES"));
    CHECK(REQ(u5, XS_RELEASE, 0, "5") && xst_err("EACCES"));
    CHECK(REQ(u5, XS_IS_DOMAIN_INTRODUCED, 0, "5") && xst_err("EACCES"));
    CHECK(REQ(d0, XS_INTRODUCE, 0, "7\0""1") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_INTRODUCE, 0, "7\0x\0""2") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_INTRODUCE, 0, "0\0""1\0""2") && xst_err("EINVAL"));
    CHECK(REQ(d0, XS_INTRODUCE, 0, "32752\0""1\0""2") && xst_err("EINVAL"));
    intro_rc = -ENOMEM;
    CHECK(REQ(d0, XS_INTRODUCE, 0, "5\0""1\0""2") && xst_err("ENOMEM"));
    CHECK(REQ(d0, XS_IS_DOMAIN_INTRODUCED, 0, "5") == XS_IS_DOMAIN_INTRODUCED &&
          REPLY("F\0"));
    intro_rc = 0;
    CHECK(REQ(d0, XS_INTRODUCE, 0, "5\0""1\0""2") && xst_ok());
    CHECK(REQ(d0, XS_IS_DOMAIN_INTRODUCED, 0, "5") && REPLY("T\0"));
    CHECK(REQ(d0, XS_IS_DOMAIN_INTRODUCED, 0, "0") && REPLY("T\0"));
    CHECK(REQ(d0, XS_RELEASE, 0, "6") && xst_err("ENOENT"));
    CHECK(REQ(d0, XS_RELEASE, 0, "0") && xst_err("ENOENT"));
    /* release: 5's conn is dead, its watches gone; its nodes stay */
    CHECK(REQ(u5, XS_WATCH, 0, "x\0t") && xst_ok());
    CHECK(REQ(d0, XS_RELEASE, 0, "5") && xst_ok() && last_domid == 5);
    CHECK(xsd_conn_dead(u5) && !xsd_conn_can_read(u5));
    CHECK(xsd_conn_input(u5, "", 0) == -1);
    CHECK(xsd_read("/local/domain/5", NULL, 0) == 0);
    CHECK(REQ(d0, XS_IS_DOMAIN_INTRODUCED, 0, "5") && REPLY("F\0"));
    xsd_conn_free(u5);
    u5 = NULL;
}

static void test_directory_part(void)
{
    char name[32];
    unsigned i;

    setup();
    for (i = 0; i < 600; i++) {
        snprintf(name, sizeof(name), "/d/entry%03u", i);
        xsd_write(name, "", 0);
    }
    CHECK(REQ(d0, XS_DIRECTORY, 0, "/d") && xst_err("E2BIG"));
    CHECK(REQ(d0, XS_DIRECTORY_PART, 0, "/d\0""0") == XS_DIRECTORY_PART);
    CHECK(xst_len > 4000 && xst_buf[xst_len - 1] == 0 && xst_buf[xst_len - 2] != 0);
    CHECK(REQ(d0, XS_DIRECTORY_PART, 0, "/d\0""5400") == XS_DIRECTORY_PART);
    CHECK(xst_buf[xst_len - 1] == 0 && xst_buf[xst_len - 2] == 0);
    CHECK(REQ(d0, XS_DIRECTORY_PART, 0, "/d\0""99999") && xst_err("EINVAL"));
}

static void test_txn_basic(void)
{
    uint32_t t;

    setup();
    CHECK(REQ(u5, XS_WATCH, 0, "data\0w") && xst_ok() && xst_event(u5, "data", "w"));
    CHECK(REQ(u5, XS_TRANSACTION_START, 0, "") == XS_TRANSACTION_START);
    t = (uint32_t)strtoul(xst_buf, NULL, 10);
    CHECK(t != 0 && xst_buf[xst_len - 1] == 0);
    CHECK(WR(u5, t, "data/a\0""1") && xst_ok());
    CHECK(REQ(u5, XS_READ, t, "data/a") && REPLY("1"));
    CHECK(REQ(u5, XS_READ, 0, "data/a") && xst_err("ENOENT"));
    CHECK(REQ(u5, XS_DIRECTORY, t, "data") && REPLY("a\0"));
    CHECK(xst_event(u5, NULL, NULL) == 0);              /* not yet */
    CHECK(REQ(u5, XS_TRANSACTION_START, t, "") && xst_err("EBUSY"));
    CHECK(REQ(u5, XS_READ, t + 1, "data/a") && xst_err("ENOENT"));
    CHECK(REQ(u6, XS_READ, t, "data/a") && xst_err("ENOENT"));   /* per conn */
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "X") && xst_err("EINVAL"));
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "T") && xst_ok());
    CHECK(REQ(u5, XS_READ, 0, "data/a") && REPLY("1"));
    CHECK(xst_event(u5, "data/a", "w") == 1);
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "T") && xst_err("ENOENT"));
    CHECK(REQ(u5, XS_TRANSACTION_END, 0, "T") && xst_err("ENOENT"));
    /* abort */
    CHECK(REQ(u5, XS_TRANSACTION_START, 0, "") == XS_TRANSACTION_START);
    t = (uint32_t)strtoul(xst_buf, NULL, 10);
    CHECK(REQ(u5, XS_RM, t, "data") && xst_ok());
    CHECK(REQ(u5, XS_READ, t, "data/a") && xst_err("ENOENT"));
    CHECK(WR(u5, t, "data/b\0""2") && xst_ok());
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "F") && xst_ok());
    CHECK(REQ(u5, XS_READ, 0, "data/a") && REPLY("1"));
    CHECK(REQ(u5, XS_READ, 0, "data/b") && xst_err("ENOENT"));
    CHECK(xst_event(u5, NULL, NULL) == 0);
    /* rm and re-create in one transaction */
    CHECK(REQ(u5, XS_TRANSACTION_START, 0, "") == XS_TRANSACTION_START);
    t = (uint32_t)strtoul(xst_buf, NULL, 10);
    CHECK(REQ(u5, XS_RM, t, "data") && xst_ok());
    CHECK(WR(u5, t, "data/c/d\0""3") && xst_ok());
    CHECK(REQ(u5, XS_SET_PERMS, t, "data/c\0n5\0r6") && xst_ok());
    CHECK(REQ(u5, XS_GET_PERMS, t, "data/c") && REPLY("n5\0r6\0"));
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "T") && xst_ok());
    CHECK(REQ(u5, XS_DIRECTORY, 0, "data") && REPLY("c\0"));
    CHECK(REQ(u6, XS_READ, 0, "/local/domain/5/data/c") && xst_len == 0);
    CHECK(REQ(u5, XS_READ, 0, "data/c/d") && REPLY("3"));
    CHECK(xst_event(u5, "data", "w") == 1 && xst_event(u5, "data/c", "w") == 1);
    CHECK(xst_event(u5, "data/c/d", "w") == 1);
    CHECK(xst_event(u5, NULL, NULL) == 0);  /* data/a went: exact watches only */
    CHECK(xsd_entries_of(5) == 4);
}

static uint32_t start(struct xs_conn *c)
{
    REQ(c, XS_TRANSACTION_START, 0, "");
    return (uint32_t)strtoul(xst_buf, NULL, 10);
}

static void test_txn_conflicts(void)
{
    uint32_t t, t2;

    setup();
    xsd_write("/local/domain/5/x", "0", 1);
    xsd_write("/local/domain/5/y", "0", 1);
    /* a node read in the transaction changed: EAGAIN, nothing applied */
    t = start(u5);
    CHECK(REQ(u5, XS_READ, t, "x") && REPLY("0"));
    CHECK(WR(u5, t, "y\0""1") && xst_ok());
    CHECK(xsd_write("/local/domain/5/x", "9", 1) == 0);
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "T") && xst_err("EAGAIN"));
    CHECK(REQ(u5, XS_READ, 0, "y") && REPLY("0"));
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "F") && xst_err("ENOENT"));
    /* two transactions writing the same node: the second loses */
    t = start(u5);
    t2 = start(u5);
    CHECK(t != t2);
    CHECK(WR(u5, t, "y\0""1") && xst_ok());
    CHECK(WR(u5, t2, "y\0""2") && xst_ok());
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "T") && xst_ok());
    CHECK(REQ(u5, XS_TRANSACTION_END, t2, "T") && xst_err("EAGAIN"));
    CHECK(REQ(u5, XS_READ, 0, "y") && REPLY("1"));
    /* a node seen absent got created meanwhile */
    t = start(u5);
    CHECK(REQ(u5, XS_READ, t, "z") && xst_err("ENOENT"));
    CHECK(xsd_write("/local/domain/5/z", "", 0) == 0);
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "T") && xst_err("EAGAIN"));
    /* removed under a transaction */
    t = start(u5);
    CHECK(WR(u5, t, "z\0""1") && xst_ok());
    CHECK(xsd_rm("/local/domain/5/z") == 0);
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "T") && xst_err("EAGAIN"));
    /* unrelated changes don't conflict */
    t = start(u5);
    CHECK(WR(u5, t, "x\0""5") && xst_ok());
    CHECK(xsd_write("/local/domain/6/q", "1", 1) == 0);
    CHECK(REQ(u5, XS_TRANSACTION_END, t, "T") && xst_ok());
    CHECK(REQ(u5, XS_READ, 0, "x") && REPLY("5"));
    /* the connection going ends its transactions */
    start(u6);
    xsd_conn_free(u6);
    u6 = NULL;
}

static void test_quota_entries_value(void)
{
    char path[64], big[XSD_QUOTA_VALUE + 5];
    unsigned i, base;
    int n;

    setup();
    base = xsd_entries_of(5);
    for (i = base; i < XSD_QUOTA_ENTRIES; i++) {
        n = snprintf(path, sizeof(path), "e%u", i) + 1;
        xst_call(u5, XS_WRITE, 0, path, (size_t)n);
    }
    CHECK(xsd_entries_of(5) == XSD_QUOTA_ENTRIES);
    CHECK(WR(u5, 0, "one-more\0") && xst_err("ENOSPC"));
    CHECK(WR(u5, 0, "e10\0changed") && xst_ok());   /* no new node */
    CHECK(REQ(u5, XS_RM, 0, "e10") && xst_ok());
    CHECK(WR(u5, 0, "one-more\0") && xst_ok());
    CHECK(WR(u5, 0, "two/more\0") && xst_err("ENOSPC"));
    CHECK(xsd_write("/local/domain/5/by-dom0", "", 0) == 0);    /* dom0 is free */
    /* value size */
    memset(big, 'v', sizeof(big));
    memcpy(big, "e11", 4);
    CHECK(xst_call(u5, XS_WRITE, 0, big, 4 + XSD_QUOTA_VALUE) && xst_ok());
    CHECK(xst_call(u5, XS_WRITE, 0, big, 5 + XSD_QUOTA_VALUE) && xst_err("ENOSPC"));
    CHECK(xst_call(d0, XS_WRITE, 0, "/vm/big\0", 8) && xst_ok());
    CHECK(xsd_write("/vm/big", big, XSD_QUOTA_VALUE + 2) == 0);
    CHECK(xsd_write("/vm/big", NULL, XENSTORE_PAYLOAD_MAX + 1) == -E2BIG);
}

static void test_quota_watch_txn_perms(void)
{
    char w[32];
    unsigned i;
    int n;

    setup();
    for (i = 0; i < XSD_QUOTA_WATCHES; i++) {
        n = snprintf(w, sizeof(w), "w%u%ct", i, 0) + 1;
        CHECK(xst_call(u5, XS_WATCH, 0, w, (size_t)n) && xst_ok());
    }
    CHECK(REQ(u5, XS_WATCH, 0, "one\0more") && xst_err("E2BIG"));
    CHECK(REQ(u5, XS_UNWATCH, 0, "w7\0t") && xst_ok());
    CHECK(REQ(u5, XS_WATCH, 0, "one\0more") && xst_ok());
    CHECK(REQ(d0, XS_RESET_WATCHES, 0, "") && xst_ok());
    xst_event(u5, NULL, NULL);
    for (i = 0; i < XSD_QUOTA_TXNS; i++)
        CHECK(REQ(u5, XS_TRANSACTION_START, 0, "") == XS_TRANSACTION_START);
    CHECK(REQ(u5, XS_TRANSACTION_START, 0, "") && xst_err("ENOSPC"));
    CHECK(REQ(u5, XS_TRANSACTION_END, 3, "F") && xst_ok());
    CHECK(REQ(u5, XS_TRANSACTION_START, 0, "") == XS_TRANSACTION_START);
    CHECK(REQ(u5, XS_RESET_WATCHES, 0, "") && xst_ok());     /* ends them */
    CHECK(REQ(u5, XS_TRANSACTION_END, 1, "F") && xst_err("ENOENT"));
    CHECK(REQ(u5, XS_TRANSACTION_START, 0, "") == XS_TRANSACTION_START);
    /* permission entries */
    CHECK(WR(u5, 0, "p\0") && xst_ok());
    CHECK(REQ(u5, XS_SET_PERMS, 0, "p\0n5\0r1\0r2\0r3\0r4") && xst_ok());
    CHECK(REQ(u5, XS_SET_PERMS, 0, "p\0n5\0r1\0r2\0r3\0r4\0r6") && xst_err("ENOSPC"));
    CHECK(REQ(d0, XS_SET_PERMS, 0, "/local/domain/5/p\0n5\0r1\0r2\0r3\0r4\0r6") &&
          xst_ok());
}

/* 25 requests in one go: 20 answered, the rest wait for output to drain. */
static void test_quota_outstanding(void)
{
    struct xsd_sockmsg h;
    char in[25 * (sizeof(h) + 2)], out[256];
    size_t off = 0;
    unsigned i;

    setup();
    xsd_write("/local/domain/5/v", "val", 3);
    for (i = 0; i < 25; i++) {
        struct xsd_sockmsg m = { XS_READ, i, 0, 2 };
        memcpy(in + off, &m, sizeof(m));
        memcpy(in + off + sizeof(m), "v", 2);
        off += sizeof(m) + 2;
    }
    CHECK(xsd_conn_input(u5, in, off) == 0);
    CHECK(xsd_conn_output_pending(u5) == 20 * (sizeof(h) + 3));
    CHECK(!xsd_conn_can_read(u5));
    CHECK(xsd_conn_output(u5, out, sizeof(h) + 3) == sizeof(h) + 3);
    CHECK(xsd_conn_output_pending(u5) == 20 * (sizeof(h) + 3));  /* one more */
    for (i = 0; xsd_conn_output_pending(u5); i++)
        xsd_conn_output(u5, out, sizeof(out));
    CHECK(xsd_conn_can_read(u5));
    /* a reader that never reads: its events stop at the bound */
    CHECK(REQ(u5, XS_WATCH, 0, "v\0t") && xst_ok());
    for (i = 0; i < 5000; i++)
        xsd_write("/local/domain/5/v", "x", 1);
    CHECK(xsd_conn_output_pending(u5) <= XSD_EVENT_BYTES_MAX);
    CHECK(xsd_conn_events_dropped(u5) > 0);
    xst_event(u5, NULL, NULL);
    CHECK(xsd_conn_output_pending(u5) == 0);
}

static int walked;
static void walk_fn(void *arg, const char *path, const char *value, size_t len)
{
    if (walked++ == 1)
        CHECK(!strcmp(path, "/w/a") && len == 1 && value[0] == '1');
}

static void test_direct_api(void)
{
    char buf[16];
    int n;

    setup();
    CHECK(xsd_write("/w/a", "1", 1) == 0 && xsd_write("/w/a/b", "2", 1) == 0);
    CHECK(xsd_write("/w/c", "3", 1) == 0);
    CHECK(xsd_read("/w/a", buf, sizeof(buf)) == 1 && buf[0] == '1');
    CHECK(xsd_read("/w/x", buf, sizeof(buf)) == -ENOENT);
    CHECK(xsd_read("w/a", buf, sizeof(buf)) == -EINVAL);
    CHECK(xsd_directory("/w", buf, sizeof(buf)) == 4 && !memcmp(buf, "a\0c\0", 4));
    CHECK(xsd_walk("/w", walk_fn, NULL) == 0 && walked == 4);
    CHECK(xsd_walk("/nosuch", walk_fn, NULL) == -ENOENT);
    CHECK(xsd_mkdir("/w/m") == 0 && xsd_rm("/w") == 0);
    CHECK(xsd_read("/w/a/b", buf, sizeof(buf)) == -ENOENT);
    CHECK(xsd_rm("/") == -EINVAL);
    CHECK(xsd_set_perms("/vm", "n0 r5") == 0);
    CHECK(REQ(u5, XS_READ, 0, "/vm") && xst_len == 0);
    CHECK(xsd_set_perms("/vm", "") == -EINVAL && xsd_set_perms("/vm", "q") == -EINVAL);
    CHECK(xsd_introduce_domain(0) == -EINVAL);
    /* dom0's own client talks to the store in-process */
    CHECK(WR(xsd_local_conn(), 0, "name\0Domain-0") == XS_WRITE && xst_ok());
    n = xsd_read("/local/domain/0/name", buf, sizeof(buf));
    CHECK(n == 8);
}

/* ops->output names the conn whose queue became non-empty: a watch fired
 * by dom0's write reaches u5's glue without anyone scanning conns. */
static void test_output_hook(void)
{
    static int cookie5;

    setup();
    xsd_conn_set_cookie(u5, &cookie5);
    xst_flush(u5);
    CHECK(REQ(u5, XS_WATCH, 0, "data\0tok") == XS_WATCH);
    xst_flush(u5);                     /* the initial event */
    output_calls = 0;
    last_cookie = NULL;
    CHECK(xsd_write("/local/domain/5/data/x", "1", 1) == 0);
    CHECK(output_calls == 1 && last_cookie == &cookie5);
    CHECK(xsd_write("/local/domain/5/data/y", "2", 1) == 0);
    CHECK(output_calls == 1);          /* not empty yet: no second call */
    xst_flush(u5);
    CHECK(xsd_write("/local/domain/5/data/z", "3", 1) == 0);
    CHECK(output_calls == 2);
}

int main(void)
{
    RUN(test_init_tree);
    RUN(test_read_write);
    RUN(test_paths);
    RUN(test_perms);
    RUN(test_watches);
    RUN(test_special_watches);
    RUN(test_domains);
    RUN(test_directory_part);
    RUN(test_txn_basic);
    RUN(test_txn_conflicts);
    RUN(test_quota_entries_value);
    RUN(test_quota_watch_txn_perms);
    RUN(test_quota_outstanding);
    RUN(test_direct_api);
    RUN(test_output_hook);
    return check_failures != 0;
}
