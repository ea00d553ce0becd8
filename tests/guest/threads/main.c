/* threads: producer/consumer, join, mutexes, timeouts, sleeps, 1000 create/exit cycles without leaks. */
#include <malloc.h>
#include <libos/events.h>
#include <libos/thread.h>
#include <libos/time.h>
#include "../check.h"

#define MS 1000000UL
#define ITEMS 2000
#define RING 8

static struct sem slots, items;
static unsigned ring[RING], head, tail;
static unsigned long sum_consumed;

static void *producer(void *arg)
{
    for (unsigned i = 1; i <= ITEMS; i++) {
        sem_down(&slots, ~0UL);
        ring[head++ % RING] = i;
        sem_up(&items);
    }
    return (void *)(uintptr_t)ITEMS;
}

static void *consumer(void *arg)
{
    unsigned n = 0;

    while (n < ITEMS) {
        sem_down(&items, ~0UL);
        sum_consumed += ring[tail++ % RING];
        sem_up(&slots);
        n++;
    }
    return (void *)(uintptr_t)n;
}

static void check_producer_consumer(void)
{
    struct thread *p, *c;

    sem_init(&slots, RING);
    sem_init(&items, 0);
    c = thread_create("consumer", consumer, NULL, 0);
    p = thread_create("producer", producer, NULL, 0);
    CHECK_TRUE("create two threads", p && c);
    CHECK_EQ("producer's result through join", (uintptr_t)thread_join(p), ITEMS);
    CHECK_EQ("consumer took every item", (uintptr_t)thread_join(c), ITEMS);
    CHECK_EQ("in order and complete", sum_consumed,
             (unsigned long)ITEMS * (ITEMS + 1) / 2);
}

static struct mutex lock = MUTEX_INIT;
static unsigned counter, max_inside, inside;

static void *critical(void *arg)
{
    for (int i = 0; i < 100; i++) {
        mutex_lock(&lock);
        inside++;
        max_inside = inside > max_inside ? inside : max_inside;
        thread_yield();                /* others run, but not in here */
        counter++;
        inside--;
        mutex_unlock(&lock);
    }
    return NULL;
}

static void check_mutex(void)
{
    struct thread *t[4];

    for (int i = 0; i < 4; i++)
        t[i] = thread_create("critical", critical, NULL, 0);
    for (int i = 0; i < 4; i++)
        thread_join(t[i]);
    CHECK_EQ("mutex: 400 increments", counter, 400);
    CHECK_EQ("mutex: one thread inside at a time", max_inside, 1);
    CHECK_TRUE("trylock on a free mutex", mutex_trylock(&lock));
    CHECK_TRUE("trylock on a held mutex fails", !mutex_trylock(&lock));
    mutex_unlock(&lock);
}

static unsigned order[3], n_order;

static void *sleeper(void *arg)
{
    thread_sleep_ns((uintptr_t)arg * 10 * MS);
    order[n_order++] = (uintptr_t)arg;
    return NULL;
}

static void check_sleep_and_timeouts(void)
{
    struct sem never;
    struct thread *t[3];
    uint64_t t0 = time_monotonic_ns();

    t[0] = thread_create("s3", sleeper, (void *)3, 0);
    t[1] = thread_create("s1", sleeper, (void *)1, 0);
    t[2] = thread_create("s2", sleeper, (void *)2, 0);
    for (int i = 0; i < 3; i++)
        thread_join(t[i]);
    CHECK_TRUE("sleepers wake in deadline order",
               order[0] == 1 && order[1] == 2 && order[2] == 3);
    CHECK_TRUE("and the main thread waited about 30 ms",
               time_monotonic_ns() - t0 >= 30 * MS);
    sem_init(&never, 0);
    t0 = time_monotonic_ns();
    CHECK_TRUE("sem_down times out", !sem_down(&never, t0 + 20 * MS));
    CHECK_TRUE("after its deadline", time_monotonic_ns() - t0 >= 20 * MS);
    sem_up(&never);
    CHECK_TRUE("then succeeds once up", sem_down(&never, t0 + 1000 * MS));
}

static void *nothing(void *arg)
{
    return arg;
}

static void check_no_leak(void)
{
    size_t before, after;
    unsigned bad = 0;

    free(malloc(1));                   /* the heap is set up */
    before = mallinfo().uordblks;
    for (uintptr_t i = 0; i < 1000; i++) {
        struct thread *t = thread_create("short", nothing, (void *)i, 16384);
        if (!t || (uintptr_t)thread_join(t) != i)
            bad++;
    }
    after = mallinfo().uordblks;
    CHECK_EQ("1000 create/join cycles", bad, 0);
    CHECK_TRUE("no heap leaked (in use after <= before)", after <= before);
    printf("threads: heap in use %zu bytes before, %zu after\n", before, after);
    CHECK_EQ("only the main thread left", thread_count(), 1);
}

/* An event handler (the timer's) wakes a thread blocked on a queue. */
static struct waitq wq = WAITQ_INIT;
static volatile int flag;

static void raise_flag(struct libos_timer *t)
{
    flag = 1;
    waitq_wake_all(&wq);
}

static void check_wake_from_handler(void)
{
    struct libos_timer t = { .fn = raise_flag };

    timer_start(&t, time_monotonic_ns() + 5 * MS);
    CHECK_TRUE("a handler's wake reaches a waiting thread",
               THREAD_WAIT(&wq, flag, time_monotonic_ns() + 1000 * MS));
}

int main(int argc, char **argv)
{
    check_producer_consumer();
    check_mutex();
    check_sleep_and_timeouts();
    check_no_leak();
    check_wake_from_handler();
    return checks_summary("threads");
}
