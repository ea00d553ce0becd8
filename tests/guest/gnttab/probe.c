/* The #PF probes of the mm guest, shared. */
#include "../mm/probe.c"
