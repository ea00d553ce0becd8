/* echo: a TCP and UDP echo server (-s), and a client that checks it (-c). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include "echo.h"

static const char usage[] =
    "usage: echo -s [-p port]\n"
    "       echo -c host [-p port] [-n count] [-l len] [-u]\n"
    "  -s       serve: echo TCP connections (each until its peer closes,\n"
    "           many at once) and UDP datagrams (each back to its sender)\n"
    "  -c host  client: send count messages of len bytes of a known pattern\n"
    "           to host (a dotted IPv4 address, or localhost), check every\n"
    "           byte echoed; exit 0 only if all came back right\n"
    "  -p port  port to serve or send to (default 7)\n"
    "  -n count messages to send (default 1000)\n"
    "  -l len   bytes each (default 1024; TCP at most 65536, UDP 4 to 65507)\n"
    "  -u       client over UDP (one datagram each, resent if lost), not TCP\n"
    "Exit status: 0 done, 1 failed, 2 bad arguments.\n";

/* A bad argument: its line, the usage, exit 2. */
static void __attribute__((noreturn)) bad(const char *why, const char *arg)
{
    printf("echo: %s%s%s\n", why, arg ? ": " : "", arg ? arg : "");
    fputs(usage, stdout);
    exit(2);
}

/* A decimal number option within [min, max], or bad(). */
static unsigned number(const char *opt, const char *s, unsigned long min,
                       unsigned long max)
{
    char *end, why[64];
    unsigned long v = strtoul(s, &end, 10);

    if (!*s || *end || *s == '-' || v < min || v > max) {
        snprintf(why, sizeof(why), "%s wants a number from %lu to %lu", opt,
                 min, max);
        bad(why, s);
    }
    return v;
}

/* The server: never returns unless it cannot serve. */
static int serve(int port)
{
    int ufd = echo_bound(SOCK_DGRAM, port), tfd;

    if (ufd < 0)
        return 1;
    if ((tfd = echo_bound(SOCK_STREAM, port)) < 0 || !echo_serve_udp(ufd))
        return 1;
    printf("echo: serving tcp and udp on port %d\n", port);
    echo_serve_tcp(tfd);
    return 1;
}

static int client(const char *host, int port, unsigned count, unsigned len,
                  bool udp)
{
    struct echo_client c = { .count = count, .len = len };
    struct echo_tally t;
    char a[24];
    bool ok;

    if (!echo_addr(host, port, &c.server))
        bad("-c wants a dotted IPv4 address or localhost", host);
    printf("echo-client: %s to %s, %u messages of %u bytes\n",
           udp ? "udp" : "tcp", echo_addr_str(&c.server, a, sizeof(a)), count,
           len);
    ok = udp ? echo_client_udp(&c, &t) : echo_client_tcp(&c, &t);
    printf("echo-client: %s %llu messages, %llu bytes echoed, %llu wrong",
           udp ? "udp" : "tcp", (unsigned long long)t.messages,
           (unsigned long long)t.bytes, (unsigned long long)t.wrong);
    if (udp)
        printf(", %llu lost (%llu resent)", (unsigned long long)t.lost,
               (unsigned long long)t.resent);
    printf("%s\n", ok ? "" : ": FAILED");
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *host = NULL;
    bool server = false, udp = false, client_opts = false;
    unsigned port = ECHO_PORT_DEFAULT, count = 1000, len = 1024;
    char opt[3] = "-?";
    int c;

    while ((c = getopt(argc, argv, ":sc:p:n:l:u")) != -1) {
        switch (c) {
        case 's': server = true; break;
        case 'c': host = optarg; break;
        case 'p': port = number("-p", optarg, 1, 65535); break;
        case 'n': count = number("-n", optarg, 1, 1000000000); client_opts = true; break;
        case 'l': len = number("-l", optarg, 1, ECHO_TCP_LEN_MAX); client_opts = true; break;
        case 'u': udp = true; client_opts = true; break;
        case ':': opt[1] = optopt; bad("an option wants a value", opt);
        default: opt[1] = optopt; bad("unknown option", opt);
        }
    }
    if (optind < argc)
        bad("unexpected argument", argv[optind]);
    if (server == !!host)
        bad("give one of -s (serve) and -c host (client)", NULL);
    if (server && client_opts)
        bad("-n, -l and -u are for the client (-c)", NULL);
    if (udp && (len < 4 || len > ECHO_UDP_LEN_MAX))
        bad("-u wants -l from 4 to 65507", NULL);
    return server ? serve(port) : client(host, port, count, len, udp);
}
