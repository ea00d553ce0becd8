/* Cooperative threads on one vcpu: run queue, blocking and waking, idle in the hypervisor. */
#include <errno.h>
#include <libos/libos.h>
#include <libos/stack.h>
#include <libos/thread.h>
#include <libos/time.h>

enum { T_RUNNABLE, T_BLOCKED, T_EXITED };

struct thread {
    uint64_t rsp;                      /* saved by thread_switch */
    void *stack;
    const char *name;
    int state;
    bool detached, woken;
    struct thread *next;               /* run queue or wait queue */
    struct waitq *waiting_on;
    void *(*fn)(void *);
    void *arg, *retval;
    struct waitq joiner;
    struct libos_timer timer;          /* sleep and wait timeouts */
};

extern void thread_switch(uint64_t *save_rsp, uint64_t load_rsp);
extern char thread_entry[];

static struct thread main_thread = { .name = "main", .state = T_RUNNABLE };
static struct thread *cur = &main_thread;
static struct waitq runq;
static struct thread *zombie;          /* ended and detached: free it */
static unsigned nthreads = 1;

static void q_push(struct waitq *q, struct thread *t)
{
    t->next = NULL;
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
}

static struct thread *q_pop(struct waitq *q)
{
    struct thread *t = q->head;

    if (t && !(q->head = t->next))
        q->tail = NULL;
    return t;
}

static void q_remove(struct waitq *q, struct thread *t)
{
    struct thread *p = NULL;

    for (struct thread *i = q->head; i; p = i, i = i->next)
        if (i == t) {
            if (p)
                p->next = t->next;
            else
                q->head = t->next;
            if (q->tail == t)
                q->tail = p;
            return;
        }
}

static void make_runnable(struct thread *t)
{
    t->state = T_RUNNABLE;
    t->waiting_on = NULL;
    q_push(&runq, t);
}

static void free_zombie(void)
{
    if (zombie && zombie != cur) {
        stack_free(zombie->stack);
        free(zombie);
        zombie = NULL;
        nthreads--;
    }
}

/*
 * Run the next runnable thread (events disabled).  With none, and the
 * caller unable to go on, the domain blocks in the hypervisor until an
 * event handler makes a thread runnable.
 */
static void schedule(void)
{
    struct thread *prev = cur, *next;

    while (!(next = q_pop(&runq))) {
        if (prev->state == T_RUNNABLE)
            return;
        time_block_until(~0UL);        /* handlers run; wakes reach runq */
    }
    if (next != prev) {
        cur = next;
        thread_switch(&prev->rsp, next->rsp);
    }
    free_zombie();
}

/* Called by thread_entry on a new thread's first run. */
void thread_start(void *(*fn)(void *), void *arg)
{
    free_zombie();
    events_enable();                   /* we came from schedule(): masked */
    thread_exit(fn(arg));
}

struct thread *thread_create(const char *name, void *(*fn)(void *), void *arg,
                             size_t stack)
{
    struct thread *t = calloc(1, sizeof(*t));
    uint64_t *sp;
    unsigned saved;

    stack = stack ? stack : THREAD_STACK_DEFAULT;
    stack = (stack + 4095) & ~4095UL;  /* whole pages, a guard below */
    if (!t || !(t->stack = stack_alloc(stack, name))) {
        free(t);
        errno = ENOMEM;
        return NULL;
    }
    t->name = name;
    t->fn = fn;
    t->arg = arg;
    /* what thread_switch pops: control words, r15..r12, rbp, rbx, rip */
    sp = (uint64_t *)(((uint64_t)t->stack + stack - 16) & ~15UL);
    *--sp = (uint64_t)thread_entry;
    *--sp = 0;                         /* rbx */
    *--sp = 0;                         /* rbp */
    *--sp = (uint64_t)fn;              /* r12 */
    *--sp = (uint64_t)arg;             /* r13 */
    *--sp = 0;                         /* r14 */
    *--sp = 0;                         /* r15 */
    *--sp = 0x037fUL << 32 | 0x1f80;   /* fcw | mxcsr: the reset values */
    t->rsp = (uint64_t)sp;
    saved = events_save();
    nthreads++;
    make_runnable(t);
    events_restore(saved);
    return t;
}

void thread_exit(void *retval)
{
    events_save();
    cur->retval = retval;
    cur->state = T_EXITED;
    waitq_wake_all(&cur->joiner);
    if (cur->detached)
        zombie = cur;
    schedule();                        /* never comes back */
    __builtin_unreachable();
}

void *thread_join(struct thread *t)
{
    void *ret;

    THREAD_WAIT(&t->joiner, t->state == T_EXITED, ~0UL);
    ret = t->retval;
    stack_free(t->stack);
    free(t);
    nthreads--;
    return ret;
}

void thread_detach(struct thread *t)
{
    unsigned saved = events_save();

    if (t->state == T_EXITED) {
        stack_free(t->stack);
        free(t);
        nthreads--;
    } else {
        t->detached = true;
    }
    events_restore(saved);
}

void thread_yield(void)
{
    unsigned saved = events_save();

    if (runq.head) {
        make_runnable(cur);
        schedule();
    }
    events_restore(saved);
}

/* A timeout: the thread stops waiting (its queue forgets it). */
static void timer_fired(struct libos_timer *tm)
{
    struct thread *t = (struct thread *)((char *)tm -
                                         offsetof(struct thread, timer));

    if (t->state != T_BLOCKED)
        return;
    if (t->waiting_on)
        q_remove(t->waiting_on, t);
    t->woken = false;
    make_runnable(t);
}

bool waitq_wait(struct waitq *q, uint64_t deadline)
{
    struct thread *t = cur;

    t->state = T_BLOCKED;
    t->woken = false;
    t->waiting_on = q;
    if (q)
        q_push(q, t);
    if (deadline != ~0UL) {
        t->timer.fn = timer_fired;
        timer_start(&t->timer, deadline);
    }
    schedule();
    if (deadline != ~0UL)
        timer_cancel(&t->timer);
    return t->woken;
}

void waitq_wake_one(struct waitq *q)
{
    unsigned saved = events_save();
    struct thread *t = q_pop(q);

    if (t) {
        t->woken = true;
        make_runnable(t);
    }
    events_restore(saved);
}

void waitq_wake_all(struct waitq *q)
{
    unsigned saved = events_save();

    while (q->head)
        waitq_wake_one(q);
    events_restore(saved);
}

void thread_sleep_ns(uint64_t ns)
{
    uint64_t deadline = time_monotonic_ns() + ns;
    unsigned saved = events_save();

    while (time_monotonic_ns() < deadline)
        waitq_wait(NULL, deadline);
    events_restore(saved);
}

struct thread *thread_self(void)
{
    return cur;
}

const char *thread_name(const struct thread *t)
{
    return t->name;
}

unsigned thread_count(void)
{
    return nthreads;
}

void mutex_init(struct mutex *m)
{
    *m = (struct mutex)MUTEX_INIT;
}

void mutex_lock(struct mutex *m)
{
    unsigned saved = events_save();

    while (m->owner)
        waitq_wait(&m->waiters, ~0UL);
    m->owner = cur;
    events_restore(saved);
}

bool mutex_trylock(struct mutex *m)
{
    unsigned saved = events_save();
    bool got = !m->owner;

    if (got)
        m->owner = cur;
    events_restore(saved);
    return got;
}

void mutex_unlock(struct mutex *m)
{
    unsigned saved = events_save();

    m->owner = NULL;
    waitq_wake_one(&m->waiters);
    events_restore(saved);
}

void sem_init(struct sem *s, unsigned count)
{
    s->count = count;
    s->waiters = (struct waitq)WAITQ_INIT;
}

bool sem_down(struct sem *s, uint64_t deadline)
{
    unsigned saved = events_save();
    bool got;

    while (!(got = s->count > 0) && waitq_wait(&s->waiters, deadline))
        ;
    if (got)
        s->count--;
    events_restore(saved);
    return got;
}

void sem_up(struct sem *s)
{
    unsigned saved = events_save();

    s->count++;
    waitq_wake_one(&s->waiters);
    events_restore(saved);
}
