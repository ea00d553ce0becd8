/* xenstored: the xenstore protocol core of dom0 (tree, permissions,
 * transactions, watches, quotas, framing), without any transport.
 *
 * The dom0 glue owns rings and event channels: it creates one xs_conn per
 * client, feeds the bytes it reads with xsd_conn_input() and sends what
 * xsd_conn_output() hands back.  Everything here is single threaded and
 * never blocks.  Errors are negative errno values (<errno.h>).
 *
 * Wire protocol: Xen's <xen/io/xs_wire.h>; behaviour follows Xen's C
 * xenstored (docs/misc/xenstore.txt) unless a comment says otherwise. */
#ifndef APPS_DOM0_XENSTORED_H
#define APPS_DOM0_XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xs_conn;     /* one client: a domain's ring, or dom0's own local client */

/* Glue callbacks; either may be NULL (tests). */
struct xs_conn_ops {
    /* XS_INTRODUCE: map domid's ring at mfn and bind its event channel port.
     * Also called again when an introduced domain is introduced once more
     * (Xen rebinds the event channel then).  Returns 0 or -errno, which is
     * what the requester gets. */
    int (*introduce)(void *priv, unsigned domid, uint64_t mfn, unsigned port);
    /* The domain was released: unmap its ring, unbind its port.  Its conns
     * are already marked dead (see xsd_conn_dead); the glue frees them with
     * xsd_conn_free() from its own loop, never from inside this callback. */
    void (*release)(void *priv, unsigned domid);
    /* A conn's output queue went from empty to not (a reply, or a watch
     * fired by another conn's request): the glue should send it.  cookie
     * is what xsd_conn_set_cookie gave.  Called from inside xsd calls:
     * it must only take note. */
    void (*output)(void *priv, void *cookie);
};

/* Quotas, as Xen's C xenstored defaults (unprivileged connections only). */
#define XSD_QUOTA_ENTRIES    1000  /* nodes owned per domain -> ENOSPC */
#define XSD_QUOTA_VALUE      2048  /* bytes per value -> ENOSPC */
#define XSD_QUOTA_WATCHES    128   /* watches per connection -> E2BIG */
#define XSD_QUOTA_TXNS       10    /* open transactions per connection -> ENOSPC */
#define XSD_QUOTA_PERMS      5     /* permission entries per node -> ENOSPC */
#define XSD_QUOTA_TXN_NODES  1024  /* nodes touched by one transaction -> ENOSPC */
/* Flow control (every connection, privileged too). */
#define XSD_REQ_OUTSTANDING  20    /* queued replies before input stops */
#define XSD_EVENT_BYTES_MAX  65536 /* queued watch events; more are dropped */
#define XSD_INPUT_MAX        65536 /* buffered unprocessed input; more drops */

/* Set up an empty store: "/", "/local", "/local/domain", "/local/domain/0",
 * "/vm" and "/tool", all owned by dom0 with "n0", domain 0 introduced, and
 * the local conn (xsd_local_conn).  Calling it again discards the previous
 * store; the glue must have freed every conn of its own first. */
void xsd_init(const struct xs_conn_ops *ops, void *priv);

/* New client of domain domid.  privileged bypasses permissions and quotas
 * (domain 0, or a domain the toolstack trusts).  NULL when out of memory. */
struct xs_conn *xsd_conn_new(unsigned domid, bool privileged);

/* The glue's handle for c, passed to ops->output (NULL by default). */
void xsd_conn_set_cookie(struct xs_conn *c, void *cookie);

/* Free c: aborts its transactions, removes its watches, drops its queues. */
void xsd_conn_free(struct xs_conn *c);

/* dom0's own client (domain 0, privileged), made by xsd_init: dom0's libos
 * xenbus talks to the store in-process through input/output on it. */
struct xs_conn *xsd_local_conn(void);

/* Feed len bytes received from c, split anywhere (half a header, several
 * messages at once).  Complete requests are answered at once while fewer
 * than XSD_REQ_OUTSTANDING replies wait in the output queue; the rest is
 * kept (at most XSD_INPUT_MAX bytes) until output drains.  buf may be NULL
 * with len 0 to resume held requests.  Returns 0, or -1 when c must be
 * dropped (header len > XENSTORE_PAYLOAD_MAX, input over the bound, or c
 * released); the caller then frees it. */
int xsd_conn_input(struct xs_conn *c, const void *buf, size_t len);

/* Copy up to max bytes of queued replies and watch events into buf and
 * consume them; returns the count.  Afterwards, held requests are processed
 * (their replies join the queue), so call until xsd_conn_output_pending()
 * is 0 and check xsd_conn_dead(). */
size_t xsd_conn_output(struct xs_conn *c, void *buf, size_t max);
size_t xsd_conn_output_pending(const struct xs_conn *c);

/* Whether the glue should read more input now: false while the output queue
 * holds XSD_REQ_OUTSTANDING replies, the input buffer is full, or c is dead. */
bool xsd_conn_can_read(const struct xs_conn *c);

/* Whether c was marked for dropping (protocol violation or release). */
bool xsd_conn_dead(const struct xs_conn *c);

/* Watch events dropped because c's event queue was over its bound. */
unsigned long xsd_conn_events_dropped(const struct xs_conn *c);

/* Direct calls for dom0's toolstack and shell.  They act as domain 0 on
 * absolute paths, outside transactions, and fire watches as a request
 * would.  Each returns 0 (or a length) or -errno. */
int xsd_write(const char *path, const char *value, size_t len);
/* Copies min(length, max) bytes of the value; returns its full length. */
int xsd_read(const char *path, char *buf, size_t max);
int xsd_mkdir(const char *path);
int xsd_rm(const char *path);
/* perms_str: entries separated by spaces, e.g. "n5 r0" (owner 5, default
 * none; domain 0 may read).  Letters n (none), r, w, b (both). */
int xsd_set_perms(const char *path, const char *perms_str);
/* Children names, each NUL-terminated, into buf (min(total, max) bytes
 * copied); returns the total length. */
int xsd_directory(const char *path, char *buf, size_t max);

/* As XS_INTRODUCE from dom0 but without the introduce callback: records
 * domid as introduced and fires @introduceDomain.  -EINVAL for domain 0 or
 * a reserved id; 0 if already introduced (nothing fires then). */
int xsd_introduce_domain(unsigned domid);
/* The domain is gone: marks its conns dead (watches and transactions end
 * now), calls ops->release, fires @releaseDomain.  It removes no node: the
 * toolstack removes /local/domain/<domid> itself, as with Xen.  Nothing
 * happens for a domain that is not introduced, or domain 0. */
void xsd_release_domain(unsigned domid);
bool xsd_domain_introduced(unsigned domid);

/* Nodes owned by domid (first permission entry), and nodes in all. */
unsigned xsd_entries_of(unsigned domid);
unsigned xsd_node_count(void);

/* xenstore-ls: call fn for path and every node under it, depth first,
 * parents before children.  Returns 0, or -ENOENT/-EINVAL for path.  fn
 * must not change the store. */
int xsd_walk(const char *path,
             void (*fn)(void *arg, const char *path, const char *value,
                        size_t len),
             void *arg);

#endif
