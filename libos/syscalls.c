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

int _write(int fd, const void *buf, size_t n)
{
    void *priv;
    const struct fd_ops *ops = fd_get(fd, &priv);

    if (!ops)
        return -1;
    if (!ops->write) {
        errno = EBADF;
        return -1;
    }
    return ops->write(priv, buf, n);
}

int _read(int fd, void *buf, size_t n)
{
    void *priv;
    const struct fd_ops *ops = fd_get(fd, &priv);

    if (!ops)
        return -1;
    if (!ops->read) {
        errno = EBADF;
        return -1;
    }
    return ops->read(priv, buf, n);
}

int _close(int fd)
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

int _isatty(int fd)
{
    void *priv;
    const struct fd_ops *ops = fd_get(fd, &priv);

    if (ops && !ops->is_tty)
        errno = ENOTTY;
    return ops && ops->is_tty;
}

int _fstat(int fd, struct stat *st)
{
    void *priv;
    const struct fd_ops *ops = fd_get(fd, &priv);

    if (!ops)
        return -1;
    memset(st, 0, sizeof(*st));
    st->st_mode = ops->is_tty ? S_IFCHR : S_IFSOCK;
    return 0;
}

off_t _lseek(int fd, off_t off, int whence)
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
int _kill(int pid, int sig)
{
    if (pid != getpid()) {
        errno = ESRCH;
        return -1;
    }
    printf("%s: killed by signal %d%s\n", libos_app_name, sig,
           sig == SIGABRT ? " (abort)" : "");
    libos_exit(128 + sig);
}

/* One process per domain. */
pid_t getpid(void)
{
    return 1;
}

int _getpid(void)
{
    return getpid();
}

int _gettimeofday(struct timeval *tv, void *tz)
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

/* Everything a unikernel does not have: -1 with errno ENOSYS. */
#define NOSYS(name, ...)                                                  \
    int name(__VA_ARGS__)                                                 \
    {                                                                     \
        errno = ENOSYS;                                                   \
        return -1;                                                        \
    }
NOSYS(_open, const char *path, int flags, ...)
NOSYS(_unlink, const char *path)
NOSYS(_link, const char *old, const char *new)
NOSYS(_stat, const char *path, struct stat *st)
NOSYS(_fork, void)
NOSYS(_execve, const char *path, char *const argv[], char *const envp[])
NOSYS(_wait, int *status)
NOSYS(_times, struct tms *t)
NOSYS(_mkdir, const char *path, int mode)
NOSYS(_rename, const char *old, const char *new)
