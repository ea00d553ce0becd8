/* Unit tests for module command-line parsing (hv/modcfg.c). */
#include <string.h>
#include <hv/modcfg.h>
#include "check.h"

static struct modcfg m;
static const char *why;

static void test_name_and_args(void)
{
    CHECK(modcfg_parse("hello1 -- alpha beta", &m, &why) == 0);
    CHECK(!strcmp(m.cfg.name, "hello1"));
    CHECK(!strcmp(m.cfg.cmdline, "alpha beta"));
    CHECK(m.cfg.memory_kb == MODCFG_DEFAULT_KB);
}

static void test_memory_option(void)
{
    CHECK(modcfg_parse("web memory=16 --   -p 80", &m, &why) == 0);
    CHECK(m.cfg.memory_kb == 16 * 1024);
    CHECK(!strcmp(m.cfg.cmdline, "-p 80"));
}

static void test_path_prefix_and_no_args(void)
{
    CHECK(modcfg_parse("/boot/mod0 solo", &m, &why) == 0);
    CHECK(!strcmp(m.cfg.name, "solo") && !strcmp(m.cfg.cmdline, ""));
    CHECK(modcfg_parse("solo --", &m, &why) == 0);
    CHECK(!strcmp(m.cfg.cmdline, ""));
}

static void test_errors(void)
{
    CHECK(modcfg_parse("", &m, &why) == -1 && why);
    CHECK(modcfg_parse("  -- x", &m, &why) == -1);
    CHECK(modcfg_parse("d memory=0 --", &m, &why) == -1);
    CHECK(modcfg_parse("d memory=12x --", &m, &why) == -1);
    CHECK(modcfg_parse("d memory=4096 --", &m, &why) == -1);
    CHECK(modcfg_parse("d colour=blue --", &m, &why) == -1);
    CHECK(strstr(why, "unknown option") != NULL);
}

/* Refusals say, in words, what was wrong and what would do. */
static void test_reasons_in_words(void)
{
    CHECK(modcfg_parse("badmem memory=0 -- x", &m, &why) == -1);
    CHECK(m.cfg.name && !strcmp(m.cfg.name, "badmem"));
    CHECK(!strcmp(why, "memory=0: memory takes a number 1..1024 (MiB)"));
    CHECK(modcfg_parse("w weight=x --", &m, &why) == -1);
    CHECK(!strcmp(why, "weight=x: weight takes a number 1..65535"));
    CHECK(modcfg_parse("d colour=blue --", &m, &why) == -1);
    CHECK(!strcmp(why, "unknown option 'colour=blue' before '--' "
                       "(memory=, maxmem=, weight=)"));
    CHECK(modcfg_parse("-- x", &m, &why) == -1 && !m.cfg.name);
    CHECK(!strcmp(why, "no domain name on its command line"));
}

static void test_long_line(void)
{
    char line[2000];

    memset(line, 'a', sizeof(line) - 1);
    line[sizeof(line) - 1] = 0;
    CHECK(modcfg_parse(line, &m, &why) == -1);
}

int main(void)
{
    RUN(test_name_and_args);
    RUN(test_memory_option);
    RUN(test_path_prefix_and_no_args);
    RUN(test_errors);
    RUN(test_reasons_in_words);
    RUN(test_long_line);
    return check_failures != 0;
}
