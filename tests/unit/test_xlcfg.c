/* Unit tests for the xl-style config parser (images/xlcfg.c): values,
 * lists over lines, defaults, and every refusal with its file:line. */
#include <string.h>
#include "../../images/xlcfg.h"
#include "check.h"

static struct xlcfg c;
static char err[256];

static int parse(const char *text)
{
    err[0] = 0;
    return xlcfg_parse(text, strlen(text), "t.cfg", &c, err, sizeof(err));
}

static void test_xlcfg_values(void)
{
    CHECK(parse("# a comment\nname = \"web\"\nkernel = 'httpd'\n"
                "memory = 8; maxmem = 16\ncpu_weight = 512\n"
                "extra = \"-p 80 --quiet\"\n"
                "vif = [ 'mac=00:16:3e:00:00:01,ip=10.0.0.1',\n"
                "        'bridge=xenbr1' ]\n"
                "on_crash = \"restart\"\ntype = \"pv\"\n") == 0);
    CHECK(!strcmp(c.name, "web") && !strcmp(c.kernel, "httpd"));
    CHECK(c.memory_mb == 8 && c.maxmem_mb == 16 && c.weight == 512);
    CHECK(!strcmp(c.cmdline, "-p 80 --quiet"));
    CHECK(c.nr_vifs == 2 && !strcmp(c.vif[1], "bridge=xenbr1"));
    CHECK(c.on_crash == XLCFG_RESTART && c.on_poweroff == XLCFG_DESTROY &&
          c.on_reboot == XLCFG_RESTART);
}

static void test_xlcfg_defaults(void)
{
    CHECK(parse("name = \"a\"\nkernel = \"hello\"\n") == 0);
    CHECK(c.memory_mb == 4 && c.maxmem_mb == 0 && c.weight == 256);
    CHECK(c.nr_vifs == 0 && c.nr_disks == 0 && !c.cmdline[0]);
}

static void test_xlcfg_refusals(void)
{
    CHECK(parse("name = \"a\"\nkernel = \"k\"\nmemroy = 8\n") &&
          !strcmp(err, "t.cfg:3: unknown key 'memroy' (did you mean 'memory'?)"));
    CHECK(parse("name = \"a\"\nkernel = \"k\"\nmemory = \"abc\"\n") &&
          !strncmp(err, "t.cfg:3: memory takes a number", 30));
    CHECK(parse("name = \"a\"\nkernel = \"k\"\nmemory = 0\n") &&
          !strcmp(err, "t.cfg:3: memory = 0: out of range 1..1024"));
    CHECK(parse("name = \"a\"\nkernel = \"k\"\nmemory = 2000\n"));
    CHECK(parse("name = \"a\"\nname = \"b\"\nkernel = \"k\"\n") &&
          !strcmp(err, "t.cfg:2: name set twice"));
    CHECK(parse("kernel = \"k\"\n") && strstr(err, "needs name and kernel"));
    CHECK(parse("name = \"a\nkernel = \"k\"\n") && !strncmp(err, "t.cfg:1:", 8));
    CHECK(parse("name = \"a\"\nkernel = \"k\"\nvif = [ 'a' 'b' ]\n") &&
          !strncmp(err, "t.cfg:3:", 8));
    CHECK(parse("name = \"a\"\nkernel = \"k\"\nmemory = 8\nmaxmem = 4\n") &&
          strstr(err, "maxmem (4) below memory (8)"));
    CHECK(parse("name = \"a\"\nkernel = \"k\"\non_crash = \"reboot\"\n") &&
          strstr(err, "on_crash takes"));
    CHECK(parse("name = \"a\"\nkernel = \"k\"\ntype = \"hvm\"\n") &&
          strstr(err, "only \"pv\""));
    CHECK(parse("name = \"a\" kernel = \"k\"\n") && strstr(err, "one value per key"));
}

static void test_xlcfg_devices(void)
{
    char v[32];

    CHECK(xlcfg_dev_get("mac=00:16:3e:00:00:01, ip=10.0.0.1", "ip", v,
                        sizeof(v)) == 0 && !strcmp(v, "10.0.0.1"));
    CHECK(xlcfg_dev_get("mac=00:16:3e:00:00:01,ip=10.0.0.1", "mac", v,
                        sizeof(v)) == 0 && !strcmp(v, "00:16:3e:00:00:01"));
    CHECK(xlcfg_dev_get("bridge=xenbr0", "ip", v, sizeof(v)) == -1);
    CHECK(xlcfg_dev_get("ip=10.0.0.1", "ip", v, 4) == -1);    /* too long */
}

int main(void)
{
    RUN(test_xlcfg_values);
    RUN(test_xlcfg_defaults);
    RUN(test_xlcfg_refusals);
    RUN(test_xlcfg_devices);
    return check_failures != 0;
}
