/* mmattack: an adversarial guest against memory management; main. */
#include "mmattack.h"

/*
 * Direct paging, memory_op and grant tables under attack; argv[1] names
 * one role.  "ledger" counts free frames around the
 * others (ledger.c); every other role first waits at the ledger's gate, so
 * that the count before it ran is known.  "control" does nothing: the
 * ledger's measure of what an attacker holds.  Each refused attempt prints
 * one SUCCESS/FAIL line and the role ends with a summary; an attack that
 * slipped through prints "mmattack: escaped", which must never show.
 */

const char *attack_name;

static int control(int argc, char **argv)
{
    printf("control: done\n");
    return 0;
}

static const struct role {
    const char *name;
    int (*fn)(int argc, char **argv);
} roles[] = {
    { "control", control },
    { "foreign-map", attack_foreign_map },
    { "pt-writable", attack_pt_writable },
    { "l4-hv-slot", attack_l4_hv_slot },
    { "unpin-in-use", attack_unpin_in_use },
    { "free-mapped", attack_free_mapped },
    { "xenheap-pt", attack_xenheap_pt },
    { "bad-pointers", attack_bad_pointers },
    { "gnt-granter", gnt_granter },
    { "gnt-grantee", gnt_grantee },
    { "gnt-thief", gnt_thief },
    { "gnt-rowrite", gnt_rowrite },
};

int main(int argc, char **argv)
{
    attack_name = argc > 1 ? argv[1] : "(none)";
    if (!strcmp(attack_name, "ledger"))
        return ledger_main(argc, argv);
    for (unsigned i = 0; i < NR(roles); i++)
        if (!strcmp(attack_name, roles[i].name)) {
            gate_wait();
            printf("mmattack: %s\n", attack_name);
            return roles[i].fn(argc, argv);
        }
    printf("mmattack: unknown role \"%s\"\n", attack_name);
    return 2;
}
