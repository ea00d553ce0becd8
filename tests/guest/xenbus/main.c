/* xenbus: the xenstore client against a real xenstored (xl's domU layout): reads, writes, directories, transactions, watches, errors, the state handshake. */
#include <errno.h>
#include <unistd.h>
#include <libos/thread.h>
#include <libos/time.h>
#include <libos/xenbus.h>
#include "../check.h"

#define MS 1000000UL
#define SEC (1000 * MS)

static long domid = -1;

/* The string at path, or "" (the check then fails on the value). */
static char *read_or_empty(const char *path)
{
    char *v;

    return xenbus_read(XBT_NIL, path, &v) >= 0 ? v : strdup("");
}

static void check_identity(const char *name)
{
    char *v = read_or_empty("name"), *home = NULL, want[32];

    CHECK_TRUE("xenbus: on the store ring", xenbus_on_ring());
    CHECK_EQ("read name: the config's", strcmp(v, name), 0);
    free(v);
    v = read_or_empty("domid");
    domid = strtol(v, NULL, 10);
    free(v);
    CHECK_TRUE("read domid: a domU's", domid > 0);
    CHECK_EQ("get domain path", xenbus_get_domain_path(domid, &home), 0);
    snprintf(want, sizeof(want), "/local/domain/%ld", domid);
    CHECK_EQ("domain path is /local/domain/<domid>",
             home ? strcmp(home, want) : -1, 0);
    free(home);
    strcat(want, "/name");
    v = read_or_empty(want);
    CHECK_EQ("read by absolute path", strcmp(v, name), 0);
    free(v);
}

static void check_read_write_rm(void)
{
    char *v = NULL;

    CHECK_EQ("write data/test", xenbus_write(XBT_NIL, "data/test", "hello"), 0);
    CHECK_EQ("read it back: length", xenbus_read(XBT_NIL, "data/test", &v), 5);
    CHECK_EQ("read it back: value", v ? strcmp(v, "hello") : -1, 0);
    free(v);
    CHECK_EQ("read_int of a word: EINVAL",
             xenbus_read_int(XBT_NIL, "data", "test", &(long){ 0 }), -EINVAL);
    CHECK_EQ("rm data/test", xenbus_rm(XBT_NIL, "data/test"), 0);
    CHECK_EQ("read after rm: ENOENT", xenbus_read(XBT_NIL, "data/test", &v),
             -ENOENT);
    CHECK_EQ("read of a path never written: ENOENT",
             xenbus_read(XBT_NIL, "data/no/such/key", &v), -ENOENT);
}

static void check_directory(void)
{
    char **names = NULL;
    int n;

    CHECK_EQ("mkdir data/dir", xenbus_mkdir(XBT_NIL, "data/dir"), 0);
    CHECK_EQ("directory of an empty dir", xenbus_directory(XBT_NIL, "data/dir",
                                                           &names), 0);
    free(names);
    xenbus_write(XBT_NIL, "data/dir/a", "1");
    xenbus_printf(XBT_NIL, "data/dir", "b", "%d", 2);
    n = xenbus_directory(XBT_NIL, "data/dir", &names);
    CHECK_EQ("directory lists two", n, 2);
    CHECK_TRUE("names a and b", n == 2 &&
               ((!strcmp(names[0], "a") && !strcmp(names[1], "b")) ||
                (!strcmp(names[0], "b") && !strcmp(names[1], "a"))));
    CHECK_TRUE("array is NULL-terminated", n == 2 && !names[2]);
    free(names);
    CHECK_EQ("directory of a missing node: ENOENT",
             xenbus_directory(XBT_NIL, "data/nodir", &names), -ENOENT);
    CHECK_EQ("rm removes the subtree", xenbus_rm(XBT_NIL, "data/dir"), 0);
    CHECK_EQ("child gone too", xenbus_read(XBT_NIL, "data/dir/a", &(char *){ 0 }),
             -ENOENT);
}

static void check_permissions(void)
{
    struct xenbus_perm *p = NULL;
    int n;

    CHECK_EQ("write in dom0's home: EACCES",
             xenbus_write(XBT_NIL, "/local/domain/0/xenbus-test", "x"), -EACCES);
    CHECK_EQ("mkdir outside our home: EACCES",
             xenbus_mkdir(XBT_NIL, "/xenbus-test"), -EACCES);
    xenbus_write(XBT_NIL, "data/perm", "p");
    n = xenbus_get_perms(XBT_NIL, "data/perm", &p);
    CHECK_TRUE("get_perms: at least the owner", n >= 1);
    CHECK_EQ("we own what we created", n >= 1 ? p[0].dom : -1, domid);
    free(p);
    n = xenbus_set_perms(XBT_NIL, "data/perm",
                         &(struct xenbus_perm){ .dom = domid, .perm = 'r' }, 1);
    CHECK_EQ("set_perms on our own node", n, 0);
    n = xenbus_get_perms(XBT_NIL, "data/perm", &p);
    CHECK_EQ("the new perm reads back", n == 1 ? p[0].perm : 0, 'r');
    free(p);
    xenbus_rm(XBT_NIL, "data/perm");
}

static int tx_runs;

/* Write x and y in t; on the first run, change x behind t's back. */
static int tx_body(xenbus_xact_t t, void *arg)
{
    char *v;
    int rc;

    if ((rc = xenbus_read(t, "data/tx/x", &v)) < 0)
        return rc;
    free(v);
    if (tx_runs++ == 0)
        xenbus_write(XBT_NIL, "data/tx/x", "outside");
    if ((rc = xenbus_write(t, "data/tx/x", "1")) ||
        (rc = xenbus_write(t, "data/tx/y", "2")))
        return rc;
    return 7;
}

static int tx_fails(xenbus_xact_t t, void *arg)
{
    xenbus_write(t, "data/tx/z", "never");
    return -EPERM;
}

static void check_transactions(void)
{
    xenbus_xact_t t = 0;
    long x = 0, y = 0;

    xenbus_write(XBT_NIL, "data/tx/x", "0");
    CHECK_EQ("transaction start", xenbus_xact_start(&t), 0);
    CHECK_TRUE("transaction id is not XBT_NIL", t != XBT_NIL);
    xenbus_write(t, "data/tx/in", "a");
    CHECK_EQ("abort", xenbus_xact_end(t, true), 0);
    CHECK_EQ("aborted write never happened",
             xenbus_read(XBT_NIL, "data/tx/in", &(char *){ 0 }), -ENOENT);
    CHECK_EQ("transact returns fn's result", xenbus_transact(tx_body, NULL), 7);
    CHECK_EQ("a conflicting commit was retried (EAGAIN)", tx_runs, 2);
    xenbus_read_int(XBT_NIL, "data/tx", "x", &x);
    xenbus_read_int(XBT_NIL, "data/tx", "y", &y);
    CHECK_TRUE("both writes committed", x == 1 && y == 2);
    CHECK_EQ("fn's error aborts and is returned",
             xenbus_transact(tx_fails, NULL), -EPERM);
    CHECK_EQ("its write was not applied",
             xenbus_read(XBT_NIL, "data/tx/z", &(char *){ 0 }), -ENOENT);
    xenbus_rm(XBT_NIL, "data/tx");
}

static void check_watch(void)
{
    struct xenbus_watch w;
    char *path = NULL;
    uint64_t dl = time_monotonic_ns() + 10 * SEC;

    xenbus_mkdir(XBT_NIL, "data/watched");
    CHECK_EQ("watch data/watched", xenbus_watch_start(&w, "data/watched"), 0);
    CHECK_EQ("initial event", xenbus_watch_wait(&w, &path, dl), 0);
    CHECK_EQ("initial event names the watched path (relative)",
             path ? strcmp(path, "data/watched") : -1, 0);
    free(path);
    path = NULL;
    CHECK_EQ("nothing more yet: times out",
             xenbus_watch_wait(&w, &path, time_monotonic_ns() + 100 * MS),
             -ETIMEDOUT);
    xenbus_write(XBT_NIL, "data/watched/child", "1");
    CHECK_EQ("a write below fires", xenbus_watch_wait(&w, &path, dl), 0);
    CHECK_EQ("with the written path",
             path ? strcmp(path, "data/watched/child") : -1, 0);
    free(path);
    CHECK_EQ("unwatch", xenbus_watch_stop(&w), 0);
    xenbus_rm(XBT_NIL, "data/watched");
}

static void *peer_end(void *dir)
{
    thread_sleep_ns(50 * MS);
    xenbus_switch_state(dir, XenbusStateInitWait);
    thread_sleep_ns(50 * MS);
    xenbus_switch_state(dir, XenbusStateConnected);
    return NULL;
}

static void check_state_handshake(void)
{
    struct thread *t;
    uint64_t dl = time_monotonic_ns() + 10 * SEC;

    CHECK_EQ("missing state reads Unknown", xenbus_read_state("data/dev"),
             XenbusStateUnknown);
    CHECK_EQ("switch state", xenbus_switch_state("data/dev",
                                                 XenbusStateInitialising), 0);
    CHECK_EQ("state reads back", xenbus_read_state("data/dev"),
             XenbusStateInitialising);
    CHECK_EQ("wait for a state already there",
             xenbus_wait_state("data/dev", XENBUS_STATE_BIT(XenbusStateInitialising),
                               dl), XenbusStateInitialising);
    CHECK_EQ("wait times out",
             xenbus_wait_state("data/dev", XENBUS_STATE_BIT(XenbusStateClosed),
                               time_monotonic_ns() + 100 * MS), -ETIMEDOUT);
    t = thread_create("peer", peer_end, "data/dev", 0);
    CHECK_EQ("another thread's switch wakes the waiter",
             xenbus_wait_state("data/dev", XENBUS_STATE_BIT(XenbusStateConnected) |
                               XENBUS_STATE_BIT(XenbusStateClosed), dl),
             XenbusStateConnected);
    thread_join(t);
    xenbus_rm(XBT_NIL, "data/dev");
}

#define WORKERS 4
#define ROUNDS 25

/* Requests from several threads at once, each checking its own answers. */
static void *worker(void *arg)
{
    long id = (long)arg, bad = 0, v;
    char key[16];

    snprintf(key, sizeof(key), "w%ld", id);
    for (long i = 0; i < ROUNDS; i++) {
        xenbus_printf(XBT_NIL, "data/workers", key, "%ld", id * 1000 + i);
        if (xenbus_read_int(XBT_NIL, "data/workers", key, &v) || v != id * 1000 + i)
            bad++;
    }
    return (void *)bad;
}

static void check_concurrent(void)
{
    struct thread *t[WORKERS];
    long bad = 0;

    for (long i = 0; i < WORKERS; i++)
        t[i] = thread_create("worker", worker, (void *)i, 0);
    for (int i = 0; i < WORKERS; i++)
        bad += (long)thread_join(t[i]);
    CHECK_EQ("4 threads x 25 write/read pairs, each its own answers", bad, 0);
    xenbus_rm(XBT_NIL, "data/workers");
}

/* A line from stdin (the console ring's in[]): read blocks until bytes
 * come; the terminal sends Enter as '\r'. */
static void check_stdin(void)
{
    char line[64];
    size_t n = 0;
    ssize_t got = 1;

    printf("xenbus: type a line\n");
    while (n < sizeof(line) - 1 && (got = read(0, line + n, 1)) == 1 &&
           line[n] != '\r' && line[n] != '\n')
        n++;
    line[n] = 0;
    CHECK_TRUE("stdin: a line from the console", got == 1 && n > 0);
    printf("xenbus: stdin line '%s'\n", line);
}

/* argv: name=<config name> (default "xenbus"), exit=<status on success>,
 * stdin (read a line from the console at the end). */
int main(int argc, char **argv)
{
    const char *name = "xenbus";
    int status = 0, want_stdin = 0;
    uint64_t t0;

    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "name=", 5))
            name = argv[i] + 5;
        if (!strncmp(argv[i], "exit=", 5))
            status = atoi(argv[i] + 5);
        want_stdin |= !strcmp(argv[i], "stdin");
    }
    t0 = time_monotonic_ns();
    check_identity(name);
    printf("xenbus: first request answered in %lu us\n",
           (unsigned long)((time_monotonic_ns() - t0) / 1000));
    check_read_write_rm();
    check_directory();
    check_permissions();
    check_transactions();
    check_watch();
    check_state_handshake();
    check_concurrent();
    t0 = time_monotonic_ns();
    for (int i = 0; i < 100; i++)
        free(read_or_empty("name"));
    printf("xenbus: read round trip %lu us (mean of 100)\n",
           (unsigned long)((time_monotonic_ns() - t0) / 100000));
    if (want_stdin)
        check_stdin();
    return checks_summary("xenbus") ? 1 : status;
}
