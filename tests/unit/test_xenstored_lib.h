/* Helpers shared by the xenstored unit tests (test_xenstored_lib.c): send a
 * request on a conn and take its reply; watch events met on the way are
 * kept for xst_event. */
#ifndef TEST_XENSTORED_LIB_H
#define TEST_XENSTORED_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xenstored.h"

/* The reply's type to a request of len payload bytes; its payload in
 * xst_buf/xst_len, its ids in xst_req_id/xst_tx_id. */
uint32_t xst_call(struct xs_conn *c, uint32_t type, uint32_t tx,
                  const void *p, size_t len);
/* The last reply was XS_ERROR with this errno name / was "OK". */
bool xst_err(const char *name);
bool xst_ok(void);
/* Whether a watch event (path, token) came for c (taken if so). */
int xst_event(struct xs_conn *c, const char *path, const char *token);
/* Drop whatever c has queued. */
void xst_flush(struct xs_conn *c);
extern char xst_buf[];
extern size_t xst_len;
extern uint32_t xst_req_id, xst_tx_id;

#endif
