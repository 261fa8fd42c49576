/*
 * include/mach/mig_errors.h - MIG stub return codes, the reply header every
 * generated reply starts with, and the demux routine type.
 */
#ifndef MACH_MIG_ERRORS_H
#define MACH_MIG_ERRORS_H

#include <mach/kern_return.h>
#include <mach/message.h>

#define MIG_TYPE_ERROR		-300	/* client: reply type check failed */
#define MIG_REPLY_MISMATCH	-301	/* client: wrong reply id */
#define MIG_REMOTE_ERROR	-302	/* server reported an error */
#define MIG_BAD_ID		-303	/* server: unknown request id */
#define MIG_BAD_ARGUMENTS	-304	/* server: request type check failed */
#define MIG_NO_REPLY		-305	/* server: send no reply */
#define MIG_EXCEPTION		-306	/* server raised an exception */
#define MIG_ARRAY_TOO_LARGE	-307	/* caller's array too small */
#define MIG_SERVER_DIED		-308	/* send-once right died unused */
#define MIG_DESTROY_REQUEST	-309	/* destroy request, no reply */

/* Header, then the return code item: 48 bytes on LP64. */
typedef struct {
	mach_msg_header_t	Head;
	mach_msg_type_t		RetCodeType;
	kern_return_t		RetCode;
} mig_reply_header_t;

typedef void (*mig_routine_t)(mach_msg_header_t *, mach_msg_header_t *);

#endif /* MACH_MIG_ERRORS_H */
