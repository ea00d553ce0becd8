/* ttcp: classic throughput test; -t and -r together run both ends here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ttcp.h"

static const char usage[] =
    "Usage: ttcp -t [-options] host [ < in ]\n"
    "       ttcp -r [-options] [ > out ]\n"
    "       ttcp -t -r [-options] [host]\n"
    "With both -t and -r, the receiver and the transmitter run as two threads\n"
    "of this domain, the transmitter sending to host (default 127.0.0.1, the\n"
    "loopback interface); -s is implied.\n"
    "Common options:\n"
    "  -l ##  length of bufs read from or written to network (default 8192)\n"
    "  -u     use UDP instead of TCP\n"
    "  -p ##  port number to send to or listen at (default 5001)\n"
    "  -s     -t: source a pattern to network\n"
    "         -r: sink (discard) all data from network\n"
    "Options specific to -t:\n"
    "  -n ##  number of source bufs written to network (default 2048)\n"
    "  -D     don't buffer TCP writes (sets TCP_NODELAY socket option)\n"
    "         (a refused TCP connect is tried again every 100 ms for 10 s:\n"
    "         the receiver may be booting at the same moment)\n"
    "Options specific to -r (alone or with -t):\n"
    "  -T ##  UDP: end the run when nothing comes for ## ms (its end marks\n"
    "         were lost; UDP may lose), reported as such\n"
    "  -c     check that the data is -t -s's pattern (the same -l), byte\n"
    "         for byte: a line with the count, exit status 1 if any differ\n"
    "  -B     also print 'bench:' lines: the run's time, a memcpy of as\n"
    "         many bytes in buflen pieces, both in guest ns, and the run's\n"
    "         throughput as a fraction of that memcpy's bandwidth\n";

struct end {
    struct ttcp cfg;
    struct ttcp_result res;
    bool (*run)(const struct ttcp *t, struct ttcp_result *r);
};

static void *end_run(void *arg)
{
    struct end *e = arg;

    e->run(&e->cfg, &e->res);
    return NULL;
}

/* A plain memcpy of bytes in buflen pieces: the reference for -B. */
static uint64_t memcpy_ns(uint64_t bytes, int buflen)
{
    char *src = calloc(1, buflen), *dst = calloc(1, buflen);
    uint64_t t0 = ttcp_now();

    for (uint64_t done = 0; src && dst && done < bytes; done += buflen) {
        memcpy(dst, src, buflen);
        __asm__ volatile("" : : "r"(dst) : "memory");  /* keep each copy */
    }
    t0 = ttcp_now() - t0;
    free(src);
    free(dst);
    return t0;
}

/* -B's lines: the run's time, the same guest's memcpy of as many bytes
 * (measured now, after the run), and the run's throughput as a fraction
 * of that memcpy's bandwidth (1 would be copying once at memcpy speed). */
static void bench_lines(const char *what, uint64_t ns, uint64_t bytes,
                        int buflen)
{
    uint64_t ref = memcpy_ns(bytes, buflen) ?: 1;

    ns = ns ?: 1;
    printf("bench: %s %llu ns (%llu bytes, %llu.%02llu x the memcpy)\n", what,
           (unsigned long long)ns, (unsigned long long)bytes,
           (unsigned long long)(ns / ref),
           (unsigned long long)(ns * 100 / ref % 100));
    printf("bench: %s_memcpy_same_bytes %llu ns (%llu bytes in %d-byte "
           "pieces)\n", what, (unsigned long long)ref,
           (unsigned long long)bytes, buflen);
    printf("bench: %s_vs_memcpy_bandwidth %llu.%03llu fraction\n", what,
           (unsigned long long)(ref / ns),
           (unsigned long long)(ref * 1000 / ns % 1000));
}

/* Run one end in a thread of its own; no memory for it ends ttcp. */
static struct thread *end_start(const char *name, struct end *e)
{
    struct thread *t = thread_create(name, end_run, e, 0);

    if (!t) {
        printf("%s: cannot create its thread: %s\n", name, strerror(errno));
        exit(1);
    }
    return t;
}

/* Both ends here: the transmitter starts once the receiver listens. */
static int loopback(const struct ttcp *cfg, bool bench)
{
    struct sem ready;
    struct end r = { *cfg, { 0 }, ttcp_receive };
    struct end t = { *cfg, { 0 }, ttcp_transmit };
    struct thread *rth, *tth;
    uint64_t t0 = ttcp_now(), ns;

    sem_init(&ready, 0);
    r.cfg.ready = &ready;
    r.cfg.rcvtimeo_ms = cfg->udp ? 2000 : 0;
    rth = end_start("ttcp-r", &r);
    sem_down(&ready, ~0UL);
    tth = end_start("ttcp-t", &t);
    thread_join(tth);
    thread_join(rth);
    ns = ttcp_now() - t0;
    if (!t.res.ok || !r.res.ok)
        return 1;
    if (bench)
        bench_lines(cfg->udp ? "ttcp_loopback_udp" : "ttcp_loopback_tcp", ns,
                    r.res.bytes, cfg->buflen);
    if (r.res.bytes != t.res.bytes)
        printf("ttcp: %llu bytes sent, %llu received\n",
               (unsigned long long)t.res.bytes,
               (unsigned long long)r.res.bytes);
    return cfg->udp || r.res.bytes == t.res.bytes ? 0 : 1;
}

/* A positive number option, or exit with the usage. */
static int number(const char *s)
{
    char *end;
    long v = strtol(s, &end, 0);

    if (*end || v <= 0 || v > 1 << 30) {
        fputs(usage, stdout);
        exit(1);
    }
    return v;
}

int main(int argc, char **argv)
{
    struct ttcp cfg = { .buflen = 8192, .nbuf = 2048, .port = 5001 };
    struct ttcp_result res;
    bool trans = false, recv = false, bench = false;
    int c;

    while ((c = getopt(argc, argv, "trusDBcl:n:p:T:")) != -1) {
        switch (c) {
        case 't': trans = true; break;
        case 'r': recv = true; break;
        case 'u': cfg.udp = true; break;
        case 's': cfg.sink = true; break;
        case 'D': cfg.nodelay = true; break;
        case 'B': bench = true; break;
        case 'c': cfg.check = true; break;
        case 'l': cfg.buflen = number(optarg); break;
        case 'n': cfg.nbuf = number(optarg); break;
        case 'p': cfg.port = number(optarg); break;
        case 'T': cfg.rcvtimeo_ms = number(optarg); break;
        default: fputs(usage, stdout); return 1;
        }
    }
    cfg.host = optind < argc ? argv[optind] : NULL;
    if ((!trans && !recv) || (trans && !recv && !cfg.host) ||
        (cfg.udp && cfg.buflen <= 4)) {
        fputs(usage, stdout);
        return 1;
    }
    if (trans && recv) {
        cfg.sink = true;
        cfg.host = cfg.host ? cfg.host : "127.0.0.1";
        return loopback(&cfg, bench);
    }
    if (trans)
        return ttcp_transmit(&cfg, &res) ? 0 : 1;
    if (!ttcp_receive(&cfg, &res))
        return 1;
    if (bench)                          /* the receiver: from accept to EOF */
        bench_lines(cfg.udp ? "ttcp_domu_udp" : "ttcp_domu_tcp", res.ns,
                    res.bytes, cfg.buflen);
    return 0;
}
