/* lwIP's OS types on libos: semaphores, mutexes, mailboxes and threads. */
#ifndef NET_LWIP_ARCH_SYS_ARCH_H
#define NET_LWIP_ARCH_SYS_ARCH_H

#include <stdbool.h>
#include <libos/thread.h>

/*
 * lwIP keeps its semaphores and mutexes inside its own structures (a
 * netconn's op_completed, the core lock), so they are libos objects held
 * by value, with a flag for sys_*_valid.  Mailboxes have a size fixed at
 * creation and live on the heap (sys_arch.c).
 */
typedef struct {
    struct sem sem;
    bool valid;
} sys_sem_t;

typedef struct {
    struct mutex mutex;
    bool valid;
} sys_mutex_t;

struct sys_mbox;
typedef struct sys_mbox *sys_mbox_t;

typedef struct thread *sys_thread_t;

/* sys_arch_protect's saved state: that of events_save. */
typedef unsigned sys_prot_t;

#define sys_sem_valid(s) ((s)->valid)
#define sys_sem_set_invalid(s) ((s)->valid = false)
#define sys_mutex_valid(m) ((m)->valid)
#define sys_mutex_set_invalid(m) ((m)->valid = false)
#define sys_mbox_valid(mb) (*(mb) != NULL)
#define sys_mbox_set_invalid(mb) (*(mb) = NULL)

/* LWIP_ASSERT_CORE_LOCKED (lwipopts.h): true when the calling thread
 * holds lwIP's core lock. */
bool sys_arch_core_locked(void);

#endif
