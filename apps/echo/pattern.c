/* The client's messages: a pattern each end can recompute, so every
 * echoed byte is checked without keeping what was sent. */
#include "echo.h"

/* Byte i of message seq. */
static unsigned char pattern_byte(size_t i, uint32_t seq)
{
    if (i < 4)
        return seq >> (24 - 8 * i);
    return ' ' + (seq * 7 + i) % ('~' - ' ' + 1);
}

void echo_pattern(unsigned char *buf, size_t len, uint32_t seq)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = pattern_byte(i, seq);
}

uint64_t echo_pattern_wrong(const unsigned char *buf, size_t n, size_t off,
                            uint32_t seq)
{
    uint64_t wrong = 0;

    for (size_t i = 0; i < n; i++)
        wrong += buf[i] != pattern_byte(off + i, seq);
    return wrong;
}

uint32_t echo_pattern_seq(const unsigned char *buf)
{
    return (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
           (uint32_t)buf[2] << 8 | buf[3];
}
