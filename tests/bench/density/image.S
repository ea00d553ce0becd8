/* The child domain's ELF image, for the density measurement. */
#include "../../guest/lifecycle/image.S"
