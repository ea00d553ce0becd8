/* newlib's system layer: file descriptors through fd.c, time, exit; the rest fails with ENOSYS. */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <libos/fd.h>
#include <libos/libos.h>
#include <libos/thread.h>
#include <libos/time.h>

#define NS 1000000000UL

/* fd's ops if it has the op at offset off (read or write), else NULL
 * with errno EBADF. */
static const struct fd_ops *ops_with(int fd, size_t off, void **priv)
{
    const struct fd_ops *ops = fd_get(fd, priv);

    if (ops && !*(void **)((const char *)ops + off)) {
        errno = EBADF;
        return NULL;
    }
    return ops;
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t n)
{
    void *priv;
    const struct fd_ops *ops = ops_with(fd, offsetof(struct fd_ops, write),
                                        &priv);

    return ops ? ops->write(priv, buf, n) : -1;
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t n)
{
    void *priv;
    const struct fd_ops *ops = ops_with(fd, offsetof(struct fd_ops, read),
                                        &priv);

    return ops ? ops->read(priv, buf, n) : -1;
}

int close(int fd)
{
    void *priv;
    const struct fd_ops *ops = fd_get(fd, &priv);
    int rc = 0;

    if (!ops)
        return -1;
    if (ops->close)
        rc = ops->close(priv);
    fd_release(fd);
    return rc;
}

int isatty(int fd)
{
    void *priv;
    const struct fd_ops *ops = fd_get(fd, &priv);

    if (ops && !ops->is_tty)
        errno = ENOTTY;
    return ops && ops->is_tty;
}

int fstat(int fd, struct stat *st)
{
    void *priv;
    const struct fd_ops *ops = fd_get(fd, &priv);

    if (!ops)
        return -1;
    memset(st, 0, sizeof(*st));
    st->st_mode = ops->is_tty ? S_IFCHR : S_IFSOCK;
    return 0;
}

off_t lseek(int fd, off_t off, int whence)
{
    void *priv;

    if (fd_get(fd, &priv))
        errno = ESPIPE;               /* consoles and sockets do not seek */
    return -1;
}

void _exit(int status)
{
    libos_exit(status);
}

/* The only process is this domain: a signal to it ends it (abort). */
int kill(pid_t pid, int sig)
{
    if (pid != getpid()) {
        errno = ESRCH;
        return -1;
    }
    printf("%s: killed by signal %d%s\n", libos_app_name, sig,
           sig == SIGABRT ? " (abort)" : "");
    libos_crash();
}

/* One process per domain. */
pid_t getpid(void)
{
    return 1;
}

/* newlib's reentrant wrappers (_write_r ...) call the underscore names. */
#define ALIAS(name, target) __typeof__(target) name __attribute__((alias(#target)))
ALIAS(_write, write);
ALIAS(_read, read);
ALIAS(_close, close);
ALIAS(_isatty, isatty);
ALIAS(_fstat, fstat);
ALIAS(_lseek, lseek);
ALIAS(_kill, kill);
ALIAS(_getpid, getpid);

int gettimeofday(struct timeval *tv, void *tz)
{
    uint64_t sec;
    uint32_t nsec;

    time_wallclock(&sec, &nsec);
    tv->tv_sec = sec;
    tv->tv_usec = nsec / 1000;
    return 0;
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    uint64_t sec, ns;
    uint32_t nsec;

    switch (clock) {
    case CLOCK_MONOTONIC:
        ns = time_monotonic_ns();
        ts->tv_sec = ns / NS;
        ts->tv_nsec = ns % NS;
        return 0;
    case CLOCK_REALTIME:
        time_wallclock(&sec, &nsec);
        ts->tv_sec = sec;
        ts->tv_nsec = nsec;
        return 0;
    }
    errno = EINVAL;
    return -1;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (req->tv_nsec < 0 || req->tv_nsec >= (long)NS || req->tv_sec < 0) {
        errno = EINVAL;
        return -1;
    }
    thread_sleep_ns(req->tv_sec * NS + req->tv_nsec);  /* others run */
    if (rem)
        rem->tv_sec = rem->tv_nsec = 0;
    return 0;
}

int usleep(useconds_t us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

    return nanosleep(&ts, NULL);
}

unsigned sleep(unsigned s)
{
    struct timespec ts = { s, 0 };

    nanosleep(&ts, NULL);
    return 0;
}

ALIAS(_gettimeofday, gettimeofday);

/* Everything a unikernel does not have: -1 with errno ENOSYS, under the
 * POSIX name and the one newlib's wrappers call. */
#define NOSYS(type, name, ...)                                            \
    type name(__VA_ARGS__)                                                \
    {                                                                     \
        errno = ENOSYS;                                                   \
        return (type)-1;                                                  \
    }                                                                     \
    ALIAS(_##name, name)
NOSYS(int, open, const char *path, int flags, ...);
NOSYS(int, unlink, const char *path);
NOSYS(int, link, const char *old, const char *new);
NOSYS(int, stat, const char *path, struct stat *st);
NOSYS(pid_t, fork, void);
NOSYS(int, execve, const char *path, char *const argv[], char *const envp[]);
NOSYS(pid_t, wait, int *status);
NOSYS(clock_t, times, struct tms *t);
NOSYS(int, mkdir, const char *path, mode_t mode);
NOSYS(int, rename, const char *old, const char *new);
