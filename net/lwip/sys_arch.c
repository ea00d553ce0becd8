/* lwIP's sys_arch on libos: sems, mutexes, mailboxes, threads, time. */
#include <libos/events.h>
#include <libos/thread.h>
#include <libos/time.h>
#include "lwip/sys.h"
#include "lwip/tcpip.h"

#define NS_PER_MS 1000000ULL
#define NO_DEADLINE (~0UL)

/* A mailbox: a ring of size messages.  Event handlers may trypost (a
 * driver's tcpip_callbackmsg_trycallback_fromisr), so the ring is only
 * touched with events disabled. */
struct sys_mbox {
    unsigned size, head, count;
    struct waitq readers, writers;
    void *msg[];
};

/* lwIP's timeouts are in ms, 0 meaning forever; libos's are deadlines in
 * system time, ~0 meaning forever. */
static uint64_t deadline_of(u32_t timeout_ms)
{
    if (!timeout_ms)
        return NO_DEADLINE;
    return time_monotonic_ns() + timeout_ms * NS_PER_MS;
}

/* What a successful wait returns: ms waited, never SYS_ARCH_TIMEOUT. */
static u32_t waited_ms(uint64_t start)
{
    uint64_t ms = (time_monotonic_ns() - start) / NS_PER_MS;

    return ms < SYS_ARCH_TIMEOUT ? (u32_t)ms : SYS_ARCH_TIMEOUT - 1;
}

void sys_init(void)
{
}

u32_t sys_now(void)
{
    return (u32_t)(time_monotonic_ns() / NS_PER_MS);
}

/* Masking events is enough: threads are cooperative, so only event
 * handlers can come in between. */
sys_prot_t sys_arch_protect(void)
{
    return events_save();
}

void sys_arch_unprotect(sys_prot_t saved)
{
    events_restore(saved);
}

err_t sys_sem_new(sys_sem_t *s, u8_t count)
{
    sem_init(&s->sem, count);
    s->valid = true;
    return ERR_OK;
}

void sys_sem_free(sys_sem_t *s)
{
    s->valid = false;
}

void sys_sem_signal(sys_sem_t *s)
{
    sem_up(&s->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *s, u32_t timeout_ms)
{
    uint64_t start = time_monotonic_ns();

    if (!sem_down(&s->sem, deadline_of(timeout_ms)))
        return SYS_ARCH_TIMEOUT;
    return waited_ms(start);
}

err_t sys_mutex_new(sys_mutex_t *m)
{
    mutex_init(&m->mutex);
    m->valid = true;
    return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *m)
{
    m->valid = false;
}

void sys_mutex_lock(sys_mutex_t *m)
{
    mutex_lock(&m->mutex);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
    mutex_unlock(&m->mutex);
}

/* Before tcpip_init has made the lock, lwIP is being set up by one
 * thread (lwip_init), which counts as holding it. */
bool sys_arch_core_locked(void)
{
    return !lock_tcpip_core.valid ||
           lock_tcpip_core.mutex.owner == thread_self();
}

/* size 0 (an option lwipopts.h left at lwIP's default) gets a small ring. */
err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
    struct sys_mbox *mb;

    if (size <= 0)
        size = 16;
    mb = calloc(1, sizeof(*mb) + size * sizeof(void *));
    if (!mb)
        return ERR_MEM;
    mb->size = size;
    *mbox = mb;
    return ERR_OK;
}

/* lwIP drains a mailbox before freeing it; nobody may wait on it then
 * (their wait queue would go with it). */
void sys_mbox_free(sys_mbox_t *mbox)
{
    struct sys_mbox *mb = *mbox;

    LWIP_ASSERT("sys_mbox_free: threads wait on the mailbox",
                !mb->readers.head && !mb->writers.head);
    free(mb);
}

/* Append msg (events disabled, room checked). */
static void mbox_push(struct sys_mbox *mb, void *msg)
{
    mb->msg[(mb->head + mb->count++) % mb->size] = msg;
    waitq_wake_one(&mb->readers);
}

/* Take the oldest message (events disabled, one present). */
static void *mbox_pop(struct sys_mbox *mb)
{
    void *msg = mb->msg[mb->head];

    mb->head = (mb->head + 1) % mb->size;
    mb->count--;
    waitq_wake_one(&mb->writers);
    return msg;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
    struct sys_mbox *mb = *mbox;
    unsigned saved = events_save();

    while (mb->count == mb->size)
        waitq_wait(&mb->writers, NO_DEADLINE);
    mbox_push(mb, msg);
    events_restore(saved);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
    struct sys_mbox *mb = *mbox;
    unsigned saved = events_save();
    err_t err = ERR_MEM;

    if (mb->count < mb->size) {
        mbox_push(mb, msg);
        err = ERR_OK;
    }
    events_restore(saved);
    return err;
}

/* trypost never blocks and wakes the way handlers may. */
err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
    return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout_ms)
{
    struct sys_mbox *mb = *mbox;
    uint64_t start = time_monotonic_ns();
    uint64_t deadline = deadline_of(timeout_ms);
    unsigned saved = events_save();
    void *m;

    /* woken but empty again: another reader was first; wait on */
    while (!mb->count && waitq_wait(&mb->readers, deadline))
        ;
    if (!mb->count) {
        events_restore(saved);
        return SYS_ARCH_TIMEOUT;
    }
    m = mbox_pop(mb);
    events_restore(saved);
    if (msg)
        *msg = m;
    return waited_ms(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
    struct sys_mbox *mb = *mbox;
    unsigned saved = events_save();
    void *m;

    if (!mb->count) {
        events_restore(saved);
        return SYS_MBOX_EMPTY;
    }
    m = mbox_pop(mb);
    events_restore(saved);
    if (msg)
        *msg = m;
    return 0;
}

struct thread_start {
    lwip_thread_fn fn;
    void *arg;
};

static void *thread_trampoline(void *p)
{
    struct thread_start start = *(struct thread_start *)p;

    free(p);
    start.fn(start.arg);
    return NULL;
}

/* lwIP's threads (tcpip_thread) are never joined.  Priorities do not
 * exist in libos.  lwIP cannot go on without the thread: failing to
 * make one ends the domain. */
sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg,
                            int stacksize, int prio)
{
    struct thread_start *start = malloc(sizeof(*start));
    struct thread *t = NULL;

    if (start) {
        *start = (struct thread_start){ fn, arg };
        t = thread_create(name, thread_trampoline, start, stacksize);
    }
    if (!t) {
        free(start);
        LWIP_PLATFORM_ASSERT("sys_thread_new: out of memory");
    }
    thread_detach(t);
    return t;
}
