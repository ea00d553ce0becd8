/* The xenstore client (io/xs_wire.h): requests, watches, transactions, the XenbusState handshake. */
#ifndef LIBOS_XENBUS_H
#define LIBOS_XENBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libos/thread.h>
#include <xen/io/xenbus.h>
#include <xen/xen.h>

/*
 * Conventions for everything below:
 *  - Call from thread context (never from an event handler): a request
 *    blocks the calling thread until xenstored answers; other threads
 *    run meanwhile, and several may have requests outstanding at once.
 *  - Results are 0 (or a count) on success, else a negative errno:
 *    xenstored's error strings mapped to newlib's errno values (EACCES,
 *    ENOENT, EEXIST, EINVAL, EAGAIN, E2BIG, ...; oxenstored's EQUOTA
 *    becomes -ENOSPC, which C xenstored answers for the same quotas).
 *    -ENODEV: no xenstore (no transport); -ETIMEDOUT: a deadline passed;
 *    -ENOMEM; -EIO: a reply that breaks the protocol.
 *  - A path not starting with '/' is relative to this domain's home,
 *    /local/domain/<id> (xenstored resolves it; watch events on such a
 *    path come back relative too).
 *  - Strings handed back (values, directory listings, fired paths) are
 *    malloc'd and NUL-terminated: the caller frees them with free().
 *  - Deadlines are system time in ns (time_monotonic_ns); ~0 is none.
 */

/* A transaction; XBT_NIL (0) means none: the request stands alone. */
typedef uint32_t xenbus_xact_t;
#define XBT_NIL ((xenbus_xact_t)0)

/* ---- xenbus.c: requests and replies, matched by req_id ---- */

/*
 * The transport carries whole messages (struct xsd_sockmsg + payload) to
 * xenstored.  send() is called in thread context with one message at a
 * time (xenbus serialises senders); it may block until the message is on
 * its way; 0 or a negative errno.  Whatever comes back, replies and watch
 * events, the transport hands to xenbus_deliver.
 */
struct xenbus_transport {
    int (*send)(const void *msg, size_t len);
};
/*
 * Use t for every request from now on (dom0, which runs xenstored in the
 * same domain, plugs an in-process transport here before any request).
 * Without a call, the first request picks the store ring if start_info
 * has one (store_evtchn != 0), else fails with -ENODEV.
 */
void xenbus_set_transport(const struct xenbus_transport *t);
/*
 * An incoming message: msg is a whole xsd_sockmsg with its len bytes of
 * payload (len = sizeof header + payload).  Replies wake the request with
 * that req_id; XS_WATCH_EVENTs go to the watch with that token; anything
 * else (unknown ids, a late reply to a timed-out request, a malformed
 * message) is dropped.  Thread context only (it allocates); msg is copied,
 * the caller keeps it.  May wake threads but does not block.
 */
void xenbus_deliver(const void *msg, size_t len);
/* True if this domain talks to xenstored over its store ring (a toolstack
 * built it); cheap, no request sent. */
bool xenbus_on_ring(void);

/* Read path's value into *value (malloc'd, NUL-terminated); its length. */
int xenbus_read(xenbus_xact_t t, const char *path, char **value);
/* Write value (a string) at path, creating it and missing parents. */
int xenbus_write(xenbus_xact_t t, const char *path, const char *value);
/* The same, giving up at deadline (-ETIMEDOUT). */
int xenbus_write_by(xenbus_xact_t t, const char *path, const char *value,
                    uint64_t deadline);
int xenbus_mkdir(xenbus_xact_t t, const char *path);
/* Remove path and everything below it. */
int xenbus_rm(xenbus_xact_t t, const char *path);
/*
 * path's children: *names is a NULL-terminated array of their names, in
 * one malloc'd block (free(*names) frees all); returns how many.
 */
int xenbus_directory(xenbus_xact_t t, const char *path, char ***names);
/* The home of domain domid ("/local/domain/<domid>") into *path. */
int xenbus_get_domain_path(domid_t domid, char **path);

/* A permission as xenstored keeps it: which domain, and 'n' (none), 'r',
 * 'w' or 'b' (both).  The first entry names the owner, and its perm
 * is what every domain not listed gets. */
struct xenbus_perm {
    domid_t dom;
    char perm;
};
/* path's permissions into *perms (malloc'd array); returns how many. */
int xenbus_get_perms(xenbus_xact_t t, const char *path,
                     struct xenbus_perm **perms);
int xenbus_set_perms(xenbus_xact_t t, const char *path,
                     const struct xenbus_perm *perms, unsigned n);

/* ---- xenbus_xact.c: transactions ---- */

int xenbus_xact_start(xenbus_xact_t *t);
/* Commit (abort false) or abort t; a commit that conflicted with another
 * change answers -EAGAIN, and nothing of t was applied. */
int xenbus_xact_end(xenbus_xact_t t, bool abort);
/*
 * Run fn(t, arg) in a fresh transaction and commit it; when the commit
 * (or fn) answers -EAGAIN, start over, up to XENBUS_XACT_TRIES times.
 * Any other error from fn aborts the transaction and is returned; fn's
 * non-negative result is returned after a successful commit.  fn may run
 * more than once, so it must only act through t (and its own locals).
 */
#define XENBUS_XACT_TRIES 16
int xenbus_transact(int (*fn)(xenbus_xact_t t, void *arg), void *arg);

/* ---- xenbus_watch.c: watches delivered to threads ---- */

struct xenbus_event;                  /* one fired path (xenbus_watch.c) */

/*
 * A watch on a path (and everything below it).  The caller owns the
 * struct; xenbus_watch_start fills it.  Fired paths queue up, oldest
 * first; a path already queued is not queued twice, and beyond
 * XENBUS_WATCH_QUEUE_MAX queued paths new ones are dropped (counted in
 * dropped): a watch says "look again", so a waiter re-reads the state it
 * cares about rather than counting events.
 */
#define XENBUS_WATCH_QUEUE_MAX 64
struct xenbus_watch {
    char token[16];                   /* "w<n>": unique per watch */
    char *path;                       /* what is watched (malloc'd) */
    struct xenbus_event *head, *tail;
    unsigned queued, dropped;
    struct waitq waiters;
    struct xenbus_watch *next;        /* the list of active watches */
};
/* Watch path.  xenstored fires once at once (the initial event, with
 * path itself), then on every change under path. */
int xenbus_watch_start(struct xenbus_watch *w, const char *path);
/* Take the oldest fired path (*path, malloc'd), waiting for one until
 * deadline: 0, or -ETIMEDOUT. */
int xenbus_watch_wait(struct xenbus_watch *w, char **path, uint64_t deadline);
/* Stop watching (XS_UNWATCH) and drop what is queued; w may be reused. */
int xenbus_watch_stop(struct xenbus_watch *w);

/* ---- xenbus_state.c: the front/back handshake every split driver shares ---- */

/* Read dir/key: a string (*val malloc'd), or a decimal integer
 * (-EINVAL if the value is not one). */
int xenbus_read_str(xenbus_xact_t t, const char *dir, const char *key,
                    char **val);
int xenbus_read_int(xenbus_xact_t t, const char *dir, const char *key,
                    long *val);
/* Read dir/key as a MAC address "xx:xx:xx:xx:xx:xx" (-EINVAL if not). */
int xenbus_read_mac(xenbus_xact_t t, const char *dir, const char *key,
                    uint8_t mac[6]);
/* Write dir/key with a printf-formatted value. */
int xenbus_printf(xenbus_xact_t t, const char *dir, const char *key,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Set our side's state: write dir/state. */
int xenbus_switch_state(const char *dir, XenbusState state);
/* The state in dir/state; XenbusStateUnknown if it is missing or not a
 * number (a peer that has not written it yet). */
XenbusState xenbus_read_state(const char *dir);
/* A set of states for xenbus_wait_state. */
#define XENBUS_STATE_BIT(s) (1u << (s))
/*
 * Wait until the other end's dir/state is one of the states in mask (a
 * set of XENBUS_STATE_BIT), or deadline: the state reached, or
 * -ETIMEDOUT (or another negative errno if the watch could not be set).
 */
int xenbus_wait_state(const char *dir, unsigned mask, uint64_t deadline);

#endif
