/* Fixed-point arithmetic of Xen's pvclock, and calendar days for the RTC. */
#include <hv/time.h>

#define NS_PER_SEC 1000000000UL

struct time_scale time_scale_for(uint64_t hz)
{
    struct time_scale s = { 0, 0 };

    if (!hz)
        hz = 1;                        /* no clock: a scale, not a hang */
    /* Bring hz into (1e9, 2e9] by powers of two, then ns/tick = 1e9/hz
     * = (mul / 2^32) * 2^shift with mul in [2^31, 2^32). */
    while (hz > 2 * NS_PER_SEC) {
        hz >>= 1;
        s.shift--;
    }
    while (hz <= NS_PER_SEC) {
        hz <<= 1;
        s.shift++;
    }
    s.mul = (uint32_t)((NS_PER_SEC << 32) / hz);
    return s;
}

uint64_t time_scale_apply(struct time_scale s, uint64_t ticks)
{
    if (s.shift < 0)
        ticks >>= -s.shift;
    else
        ticks <<= s.shift;
    return (uint64_t)(((unsigned __int128)ticks * s.mul) >> 32);
}

int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Count from 0000-03-01 so leap days fall at the end of each year. */
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
