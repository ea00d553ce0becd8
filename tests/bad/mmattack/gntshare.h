/* The grant scenario's fixed conventions: refs and page contents. */
#ifndef TESTS_BAD_MMATTACK_GNTSHARE_H
#define TESTS_BAD_MMATTACK_GNTSHARE_H

/* Refs in the granter's table (granter's argv: GRANTEE THIEF ROWRITER). */
#define GNT_REF_A       8   /* page A, writable, to the grantee */
#define GNT_REF_B       9   /* page B, read-only, to the read-only writer */
#define GNT_REF_PT      10  /* the granter's L1, writable, to the same */
#define GNT_REF_FOREIGN 11  /* a frame the granter does not own, to the same */

#define GNT_TEXT_A       "page A of the granter"
#define GNT_TEXT_B       "page B of the granter"
#define GNT_TEXT_GRANTEE "page A, written by the grantee"
#define GNT_TEXT_THIEF   "page A, written by the thief"

#endif
