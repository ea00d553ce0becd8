/* Cooperative threads: create, exit, join, yield, sleep; wait queues, mutexes, semaphores. */
#ifndef LIBOS_THREAD_H
#define LIBOS_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libos/events.h>

struct thread;

/* A queue of blocked threads.  Waking is allowed from event handlers. */
struct waitq {
    struct thread *head, *tail;
};
#define WAITQ_INIT { NULL, NULL }

struct mutex {
    struct thread *owner;
    struct waitq waiters;
};
#define MUTEX_INIT { NULL, WAITQ_INIT }

struct sem {
    unsigned count;
    struct waitq waiters;
};

#define THREAD_STACK_DEFAULT (64 * 1024)

/* thread.c.  Threads switch only when the running one blocks, sleeps,
 * yields or exits; event handlers run on the running thread's stack and
 * may wake threads (waitq_wake_*, sem_up) but never block. */
/* A new runnable thread running fn(arg); NULL (errno ENOMEM) if no memory.
 * stack 0 means THREAD_STACK_DEFAULT. */
struct thread *thread_create(const char *name, void *(*fn)(void *), void *arg,
                             size_t stack);
/* End the calling thread; returning from fn does the same. */
void thread_exit(void *retval) __attribute__((noreturn));
/* Wait for t to end, take its result and free it.  Each thread is joined
 * once, or detached (its memory then goes when it ends). */
void *thread_join(struct thread *t);
void thread_detach(struct thread *t);
void thread_yield(void);
/* Sleep ns; other threads run meanwhile (or the domain blocks). */
void thread_sleep_ns(uint64_t ns);
struct thread *thread_self(void);
const char *thread_name(const struct thread *t);
/* Threads that exist and have not been freed (for leak checks). */
unsigned thread_count(void);

/* Block on q until woken or until system time deadline (~0: none).
 * Returns true if woken.  Call with events disabled (events_save), after
 * testing the condition woken for: no wakeup is lost in between; returns
 * with events disabled again.  Handlers run while the thread sleeps. */
bool waitq_wait(struct waitq *q, uint64_t deadline);
void waitq_wake_one(struct waitq *q);
void waitq_wake_all(struct waitq *q);

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);

void sem_init(struct sem *s, unsigned count);
/* Take one, waiting until system time deadline (~0: forever); false on
 * timeout.  sem_up may be called from event handlers. */
bool sem_down(struct sem *s, uint64_t deadline);
void sem_up(struct sem *s);

/* Wait on q until cond holds (tested with events disabled) or the
 * deadline passes; true if cond. */
#define THREAD_WAIT(q, cond, deadline)                                    \
    ({                                                                    \
        unsigned saved_ = events_save();                                  \
        uint64_t dl_ = (deadline);                                        \
        int ok_;                                                          \
        while (!(ok_ = !!(cond)) && waitq_wait((q), dl_))                 \
            ;                                                             \
        if (!ok_)                                                         \
            ok_ = !!(cond);                                               \
        events_restore(saved_);                                           \
        ok_;                                                              \
    })

#endif
