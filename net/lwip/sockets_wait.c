/* select and poll on socket fds, through lwIP socket numbers and back. */
#include <stdbool.h>
#include <libos/fd.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include "lwip/sockets.h"
#include "sockets_fd.h"

/*
 * Only sockets can be waited for: console fds have no readiness to offer
 * (select fails with EBADF on them, poll reports POLLNVAL).  fd_set is
 * newlib's for both numberings (FD_SETSIZE 64 >= MEMP_NUM_NETCONN).
 */

/* Add each fd of set (below n) to lset as its lwIP socket; the highest
 * socket + 1 in *ln.  false (errno EBADF) on an fd that is no socket. */
static bool set_to_lwip(int n, fd_set *set, fd_set *lset, int *ln)
{
    FD_ZERO(lset);
    if (!set)
        return true;
    for (int fd = 0; fd < n; fd++) {
        int s;

        if (!FD_ISSET(fd, set))
            continue;
        if ((s = sockets_fd_to_lwip(fd)) < 0) {
            errno = EBADF;
            return false;
        }
        FD_SET(s, lset);
        *ln = s + 1 > *ln ? s + 1 : *ln;
    }
    return true;
}

/* The ready sockets of lset, as fds, into set. */
static void set_from_lwip(int ln, fd_set *lset, fd_set *set)
{
    if (!set)
        return;
    FD_ZERO(set);
    for (int s = 0; s < ln; s++)
        if (FD_ISSET(s, lset))
            FD_SET(sockets_fd_from_lwip(s), set);
}

int select(int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv)
{
    fd_set lrd, lwr, lex;
    int ln = 0, rc;

    if (n < 0 || n > FD_SETSIZE) {
        errno = EINVAL;
        return -1;
    }
    if (!set_to_lwip(n, rd, &lrd, &ln) || !set_to_lwip(n, wr, &lwr, &ln) ||
        !set_to_lwip(n, ex, &lex, &ln))
        return -1;
    rc = lwip_select(ln, rd ? &lrd : NULL, wr ? &lwr : NULL,
                     ex ? &lex : NULL, tv);
    if (rc < 0)
        return -1;
    set_from_lwip(ln, &lrd, rd);
    set_from_lwip(ln, &lwr, wr);
    set_from_lwip(ln, &lex, ex);
    return rc;
}

/* Entries that are not sockets are POLLNVAL, counted in the result, and
 * make poll return at once, as POSIX has it for invalid fds. */
int poll(struct pollfd *fds, nfds_t n, int timeout)
{
    struct pollfd lfds[FD_MAX];
    int nval = 0, rc;

    if (n > FD_MAX) {
        errno = EINVAL;
        return -1;
    }
    for (nfds_t i = 0; i < n; i++) {
        lfds[i] = fds[i];
        if (fds[i].fd < 0)
            continue;
        if ((lfds[i].fd = sockets_fd_to_lwip(fds[i].fd)) < 0)
            nval++;                    /* lwIP skips it (fd -1) */
    }
    rc = lwip_poll(lfds, n, nval ? 0 : timeout);
    if (rc < 0)
        return -1;
    for (nfds_t i = 0; i < n; i++) {
        bool invalid = fds[i].fd >= 0 && lfds[i].fd < 0;

        fds[i].revents = invalid ? POLLNVAL : lfds[i].revents;
    }
    return rc + nval;
}
