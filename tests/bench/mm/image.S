/* The child domain's ELF image, for the create-to-main measurement. */
#include "../../guest/lifecycle/image.S"
