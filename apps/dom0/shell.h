/* dom0's shell: commands on the serial console, or from a script. */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

/* shell.c */
/* Run one command line; every command answers with at least one line.
 * Returns 0, or -1 when it failed (scripts stop at the first failure). */
int shell_run(char *line);
/* Run a script's lines (from the initrd); -1 at the first failed one. */
int shell_script(const char *text, unsigned long len);
/* Read commands from the serial line forever. */
void shell_interactive(void) __attribute__((noreturn));

/* shell_cmds.c: the command table */
struct shell_cmd {
    const char *name, *args, *help;
    int (*fn)(int argc, char **argv);
};
extern const struct shell_cmd shell_cmds[];

/* shell_tty.c */
/* Bytes from the serial line (VIRQ_CONSOLE), blocking; the thread waits. */
int shell_getc(void);

#endif
