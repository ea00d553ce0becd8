/* The #PF probes of the mm guest, shared. */
#include "../mm/probe_asm.S"
