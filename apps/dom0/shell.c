/* The shell's loop: split a line into words, find the command, run it. */
#include "shell.h"
#include <libos/libos.h>
#include <stdio.h>
#include <string.h>

#define MAX_WORDS 8
#define LINE_LEN  256

/* Words split at blanks; "double quotes" keep blanks inside one word. */
static int split(char *s, char **argv)
{
    int argc = 0;

    while (*s && argc < MAX_WORDS) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        if (*s == '"') {
            argv[argc++] = ++s;
            while (*s && *s != '"')
                s++;
        } else {
            argv[argc++] = s;
            while (*s && *s != ' ' && *s != '\t')
                s++;
        }
        if (*s)
            *s++ = 0;
    }
    return argc;
}

/* Commands are looked up in one table (shell_cmds.c); each prints at
 * least one line, success or not, so a script's log says what happened at
 * every step. */
int shell_run(char *line)
{
    char *argv[MAX_WORDS + 1] = { 0 };
    int argc;

    if ((line[0] == '#') || !(argc = split(line, argv)))
        return 0;
    for (const struct shell_cmd *c = shell_cmds; c->name; c++)
        if (!strcmp(c->name, argv[0]))
            return c->fn(argc, argv);
    printf("%s: unknown command (help lists them)\n", argv[0]);
    return -1;
}

int shell_script(const char *text, unsigned long len)
{
    char line[LINE_LEN];

    for (unsigned long i = 0; i < len;) {
        unsigned long n = 0;
        while (i < len && text[i] != '\n' && n < sizeof(line) - 1)
            line[n++] = text[i++];
        while (i < len && text[i++] != '\n')
            ;
        line[n] = 0;
        if (n && line[0] != '#')
            printf("dom0> %s\n", line);
        if (shell_run(line)) {
            printf("dom0: script stopped at \"%s\"\n", line);
            return -1;
        }
    }
    return 0;
}

void shell_interactive(void)
{
    char line[LINE_LEN];
    size_t n = 0;

    printf("dom0> ");
    fflush(stdout);
    for (;;) {
        int c = shell_getc();
        if (c == '\r' || c == '\n') {
            printf("\n");
            line[n] = 0;
            shell_run(line);
            n = 0;
            printf("dom0> ");
        } else if ((c == 0x7f || c == '\b') && n) {
            n--;
            printf("\b \b");
        } else if (c >= 0x20 && c < 0x7f && n < sizeof(line) - 1) {
            line[n++] = c;
            putchar(c);
        }
        fflush(stdout);
    }
}
