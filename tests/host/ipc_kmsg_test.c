/*
 * tests/host/ipc_kmsg_test.c - message copyin/copyout (ipc/ipc_kmsg.c) on
 * the host: well-formed messages of every kind arrive intact with their
 * rights; every malformed header and body gets its MACH_SEND_* error and
 * leaves no right or byte behind; and a fuzz loop of random and mutated
 * messages (at least 100,000) never crashes, reads outside the message
 * (ASan) or leaks (counts checked at the end).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/mach_port.h>
#include <vm/vm_kern.h>
#include "ipc_stubs.h"

long host_kalloc_live;
long host_kalloc_fail_after = -1;

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", \
	__FILE__, __LINE__, #c); failures++; } } while (0)
#define CHECK_MR(expr, want) do { mach_msg_return_t mr_ = (expr); if (mr_ != (want)) { \
	fprintf(stderr, "%s:%d: %s returned %#x, expected %#x\n", __FILE__, __LINE__, \
	#expr, mr_, (unsigned)(want)); failures++; } } while (0)

static uint8_t user_mem[1 << 16];	/* the sender's "user memory" */

struct msgbuf {
	uint8_t b[4096];
	size_t len;
};

static void m_header(struct msgbuf *m, unsigned int bits, mach_port_name_t remote,
		     mach_port_name_t local, int id)
{
	mach_msg_header_t h;

	memset(m, 0, sizeof(*m));
	memset(&h, 0, sizeof(h));
	h.msgh_bits = bits;
	h.msgh_remote_port = remote;
	h.msgh_local_port = local;
	h.msgh_id = id;
	memcpy(m->b, &h, sizeof(h));
	m->len = sizeof(h);
}

static void m_item(struct msgbuf *m, unsigned int name, unsigned int bits,
		   uint32_t number, bool is_inline, const void *data, size_t bytes)
{
	mach_msg_type_t t;

	memset(&t, 0, sizeof(t));
	t.msgt_name = name;
	t.msgt_size = bits;
	t.msgt_number = number;
	t.msgt_inline = is_inline;
	memcpy(m->b + m->len, &t, 8);
	m->len += 8;
	memcpy(m->b + m->len, data, bytes);
	m->len += (bytes + 7) & ~7u;
}

/* Send m from space `from`: returns the copyin result and the kmsg. */
static mach_msg_return_t send(struct msgbuf *m, struct ipc_space *from,
			      struct ipc_kmsg **out)
{
	struct ipc_kmsg *k = ipc_kmsg_alloc((mach_msg_size_t)m->len);
	mach_msg_return_t mr;

	*out = NULL;
	if (!k)
		return MACH_SEND_NO_BUFFER;
	memcpy(&k->header, m->b, m->len);
	mr = ipc_kmsg_copyin(k, from);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(k);
		return mr;
	}
	*out = k;
	return mr;
}

static uint32_t type_of(struct ipc_space *s, mach_port_name_t n)
{
	uint32_t t = 0;

	return ipc_right_type(s, n, &t) == KERN_SUCCESS ? t : 0xdead;
}

static void test_roundtrip(void)
{
	struct ipc_space *a = ipc_space_create(), *b = ipc_space_create();
	mach_port_name_t dest, reply, extra, got;
	struct ipc_kmsg *k;
	struct msgbuf m;
	int32_t ints[5] = { 1, -2, 3, -4, 5 };
	uint64_t slot;
	const char *text = "out of line data";

	/* b receives on dest; a holds a send right to it. */
	mach_port_allocate_kernel(b, IPC_PORT_RIGHT_RECEIVE, &dest);
	{
		struct ipc_object *o;
		unsigned int kind;

		ipc_right_copyin(b, dest, MACH_MSG_TYPE_MAKE_SEND, &o, &kind);
		ipc_right_copyout(a, o, kind, &got);
	}
	mach_port_allocate_kernel(a, IPC_PORT_RIGHT_RECEIVE, &reply);
	mach_port_allocate_kernel(a, IPC_PORT_RIGHT_RECEIVE, &extra);

	/* Header only, with a make-send-once reply. */
	m_header(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				    MACH_MSG_TYPE_MAKE_SEND_ONCE), got, reply, 1000);
	CHECK_MR(send(&m, a, &k), MACH_MSG_SUCCESS);
	CHECK(ipc_kmsg_dest(k)->receiver == b);
	CHECK_MR(ipc_kmsg_copyout(k, b, dest), MACH_MSG_SUCCESS);
	CHECK(k->header.msgh_local_port == dest);
	CHECK(type_of(b, k->header.msgh_remote_port) == IE_SEND_ONCE);
	CHECK(MACH_MSGH_BITS_REMOTE(k->header.msgh_bits) == MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(k->header.msgh_id == 1000);
	ipc_right_deallocate(b, k->header.msgh_remote_port);	/* send-once notif */
	ipc_kmsg_free(k);

	/* Inline data, a moved receive right, a made send right, OOL data. */
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 got, 0, 1001);
	m_item(&m, MACH_MSG_TYPE_INTEGER_32, 32, 5, true, ints, sizeof(ints));
	slot = extra;
	m_item(&m, MACH_MSG_TYPE_MOVE_RECEIVE, 64, 1, true, &slot, 8);
	slot = reply;
	m_item(&m, MACH_MSG_TYPE_MAKE_SEND, 64, 1, true, &slot, 8);
	memcpy(user_mem, text, strlen(text) + 1);
	slot = (uint64_t)(uintptr_t)user_mem;
	m_item(&m, MACH_MSG_TYPE_CHAR, 8, (uint32_t)strlen(text) + 1, false, &slot, 8);
	CHECK_MR(send(&m, a, &k), MACH_MSG_SUCCESS);
	CHECK(type_of(a, extra) == 0xdead);		/* receive right moved */
	CHECK_MR(ipc_kmsg_copyout(k, b, dest), MACH_MSG_SUCCESS);
	{
		uint8_t *body = ipc_kmsg_body(k);
		mach_port_name_t rn, sn;
		uint64_t ool;

		CHECK(!memcmp(body + 8, ints, sizeof(ints)));
		memcpy(&rn, body + 8 + 24 + 8, 4);
		memcpy(&sn, body + 8 + 24 + 16 + 8, 4);
		CHECK(type_of(b, rn) == IE_RECEIVE);
		CHECK(type_of(b, sn) == IE_SEND);
		CHECK(ipc_port_of(ipc_entry_lookup(b, rn)->object)->receiver == b);
		memcpy(&ool, body + 8 + 24 + 16 + 16 + 8, 8);
		CHECK(ool && !strcmp((const char *)(uintptr_t)ool, text));
		host_ool_free((uintptr_t)ool);
	}
	ipc_kmsg_free(k);

	/* An out-of-line array of rights: made send rights, a null name, a
	 * dead name, a copied send right; they arrive as an array of names. */
	{
		mach_port_name_t arr[4] = { reply, MACH_PORT_NULL, reply,
					    MACH_PORT_DEAD };
		mach_port_name_t outn[4];
		uint8_t *body;
		uint64_t ool;
		uint32_t refs = 0, before;

		before = ipc_port_of(ipc_entry_lookup(a, reply)->object)->srights;
		memcpy(user_mem + 512, arr, sizeof(arr));
		m_header(&m, MACH_MSGH_BITS_COMPLEX |
			 MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), got, 0, 1002);
		slot = (uint64_t)(uintptr_t)(user_mem + 512);
		m_item(&m, MACH_MSG_TYPE_MAKE_SEND, 32, 4, false, &slot, 8);
		CHECK_MR(send(&m, a, &k), MACH_MSG_SUCCESS);
		CHECK(ipc_port_of(ipc_entry_lookup(a, reply)->object)->srights ==
		      before + 2);
		CHECK_MR(ipc_kmsg_copyout(k, b, dest), MACH_MSG_SUCCESS);
		body = ipc_kmsg_body(k);
		CHECK(((mach_msg_type_t *)(void *)body)->msgt_name ==
		      MACH_MSG_TYPE_PORT_SEND);
		memcpy(&ool, body + 8, 8);
		CHECK(ool != 0);
		if (ool) {
			memcpy(outn, (void *)(uintptr_t)ool, sizeof(outn));
			CHECK(outn[0] == outn[2] && outn[1] == MACH_PORT_NULL);
			CHECK(outn[3] == MACH_PORT_DEAD);
			CHECK(type_of(b, outn[0]) == IE_SEND);
			CHECK(ipc_right_get_refs(b, outn[0], IPC_PORT_RIGHT_SEND,
						 &refs) == KERN_SUCCESS && refs == before + 2);
			host_ool_free((uintptr_t)ool);
		}
		ipc_kmsg_free(k);
		/* Destroyed unreceived: the rights go, nothing leaks. */
		m_header(&m, MACH_MSGH_BITS_COMPLEX |
			 MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), got, 0, 1003);
		m_item(&m, MACH_MSG_TYPE_MAKE_SEND, 32, 4, false, &slot, 8);
		CHECK_MR(send(&m, a, &k), MACH_MSG_SUCCESS);
		ipc_kmsg_destroy(k);
		/* (b's three references are one right: srights is back.) */
		CHECK(ipc_port_of(ipc_entry_lookup(a, reply)->object)->srights ==
		      before);
		/* An empty array arrives as address 0. */
		m_header(&m, MACH_MSGH_BITS_COMPLEX |
			 MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), got, 0, 1004);
		m_item(&m, MACH_MSG_TYPE_COPY_SEND, 32, 0, false, &slot, 8);
		CHECK_MR(send(&m, a, &k), MACH_MSG_SUCCESS);
		CHECK_MR(ipc_kmsg_copyout(k, b, dest), MACH_MSG_SUCCESS);
		memcpy(&ool, ipc_kmsg_body(k) + 8, 8);
		CHECK(ool == 0);
		ipc_kmsg_free(k);
	}
	ipc_space_terminate(a);
	ipc_space_terminate(b);
	ipc_space_release(a);
	ipc_space_release(b);
}

/* Every header and body error, and that nothing leaks from them. */
static void test_errors(void)
{
	struct ipc_space *a = ipc_space_create();
	mach_port_name_t r, s, dead;
	struct ipc_kmsg *k;
	struct msgbuf m;
	uint64_t slot;
	int32_t x = 7;

	mach_port_allocate_kernel(a, IPC_PORT_RIGHT_RECEIVE, &r);
	mach_port_allocate_kernel(a, IPC_PORT_RIGHT_DEAD_NAME, &dead);
	{
		struct ipc_object *o;
		unsigned int kind;

		ipc_right_copyin(a, r, MACH_MSG_TYPE_MAKE_SEND, &o, &kind);
		ipc_right_copyout(a, o, kind, &s);
	}
	m_header(&m, MACH_MSGH_BITS(0, 0), r, 0, 1);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_HEADER);
	m_header(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_RECEIVE, 0), r, 0, 1);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_HEADER);
	m_header(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 4242, 0, 1);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_DEST);
	m_header(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), dead, 0, 1);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_DEST);
	CHECK(type_of(a, dead) == IE_DEAD_NAME);		/* not consumed */
	m_header(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_MSG_TYPE_COPY_SEND),
		 r, 9999, 1);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_REPLY);
	CHECK(ipc_port_of(ipc_entry_lookup(a, r)->object)->sorights == 0);
	m_header(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, MACH_MSG_TYPE_MAKE_SEND),
		 s, dead, 1);			/* reply lacks the receive right */
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_REPLY);
	CHECK(s == r && type_of(a, s) == (IE_RECEIVE | IE_SEND));	/* restored */
	CHECK(ipc_port_of(ipc_entry_lookup(a, r)->object)->srights == 1);
	m_header(&m, 0x00100000 | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), s, 0, 1);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_HEADER);	/* unused bits */
	/* Body: truncated item, bad type, bad port size, bad right. */
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 s, 0, 1);
	m_item(&m, MACH_MSG_TYPE_INTEGER_32, 32, 100, true, &x, 4);
	CHECK_MR(send(&m, a, &k), MACH_SEND_MSG_TOO_SMALL);
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 s, 0, 1);
	m_item(&m, 5, 32, 1, true, &x, 4);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_TYPE);
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 s, 0, 1);
	slot = s;
	m_item(&m, MACH_MSG_TYPE_COPY_SEND, 32, 1, true, &slot, 8);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_TYPE);
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 s, 0, 1);
	slot = s;
	m_item(&m, MACH_MSG_TYPE_MAKE_SEND, 64, 1, true, &slot, 8);	/* ok */
	slot = 31337;
	m_item(&m, MACH_MSG_TYPE_COPY_SEND, 64, 1, true, &slot, 8);	/* bad */
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_RIGHT);
	CHECK(ipc_port_of(ipc_entry_lookup(a, r)->object)->srights == 1);
	/* OOL from outside user memory. */
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 s, 0, 1);
	slot = 0x10;
	m_item(&m, MACH_MSG_TYPE_BYTE, 8, 64, false, &slot, 8);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_MEMORY);
	/* Out-of-line rights: 64-bit elements, a bad name half way (the
	 * rights taken before it come back), an array outside user memory. */
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 s, 0, 1);
	slot = (uint64_t)(uintptr_t)user_mem;
	m_item(&m, MACH_MSG_TYPE_COPY_SEND, 64, 1, false, &slot, 8);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_TYPE);
	{
		mach_port_name_t arr[3] = { s, s, 31337 };

		memcpy(user_mem + 256, arr, sizeof(arr));
	}
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 s, 0, 1);
	slot = (uint64_t)(uintptr_t)(user_mem + 256);
	m_item(&m, MACH_MSG_TYPE_COPY_SEND, 32, 3, false, &slot, 8);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_RIGHT);
	CHECK(ipc_port_of(ipc_entry_lookup(a, r)->object)->srights == 1);
	m_header(&m, MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		 s, 0, 1);
	slot = 0x10;
	m_item(&m, MACH_MSG_TYPE_COPY_SEND, 32, 2, false, &slot, 8);
	CHECK_MR(send(&m, a, &k), MACH_SEND_INVALID_MEMORY);
	CHECK(ipc_port_of(ipc_entry_lookup(a, r)->object)->srights == 1);
	m.len = 36;
	CHECK_MR(send(&m, a, &k), MACH_SEND_MSG_TOO_SMALL);	/* not 8-aligned */
	ipc_space_terminate(a);
	ipc_space_release(a);
}

/* Random and mutated messages: nothing crashes, nothing leaks. */
static void test_fuzz(void)
{
	struct ipc_space *a = ipc_space_create(), *b = ipc_space_create();
	mach_port_name_t names[8], dest;
	unsigned long long x = 99;
	int accepted = 0, iterations = 120000;

	mach_port_allocate_kernel(b, IPC_PORT_RIGHT_RECEIVE, &dest);
	for (int i = 0; i < 8; i++)
		mach_port_allocate_kernel(a, IPC_PORT_RIGHT_RECEIVE, &names[i]);
	for (int i = 0; i < iterations; i++) {
		struct msgbuf m;
		struct ipc_kmsg *k;
		unsigned r;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		r = (unsigned)(x >> 33);
		/* Half the messages are well formed before mutation (rights
		 * a really has, valid item types and sizes); half random. */
		bool sane = r % 4 < 2;
		static const unsigned int data_types[] = {
			MACH_MSG_TYPE_INTEGER_32, MACH_MSG_TYPE_INTEGER_64,
			MACH_MSG_TYPE_CHAR, MACH_MSG_TYPE_BOOLEAN,
		};
		static const unsigned int bits_of[] = { 32, 64, 8, 32 };

		{
			bool has_reply = (r >> 3) % 2;

			m_header(&m, MACH_MSGH_BITS_COMPLEX |
				 MACH_MSGH_BITS(sane ? 20 + r % 2 : 16 + r % 6,
						has_reply ? (sane ? 20 + (r >> 4) % 2
								  : 16 + (r >> 4) % 6) : 0),
				 names[(r >> 7) % 8],
				 has_reply || !sane ? names[(r >> 12) % 8] : 0, 1);
		}
		for (int j = 0; j < (int)((r >> 15) % 5); j++) {
			uint64_t v[4];
			unsigned name = (x >> (j * 5)) % 24, bits;
			bool inl = (x >> 30) % 4 != 0;
			uint32_t num = (uint32_t)((x >> 24) % 5);

			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			for (int q = 0; q < 4; q++)
				v[q] = (x >> (q * 8)) % 4 == 0 ? names[q] : x >> q;
			bits = (x >> 20) % 3 == 0 ? 64 : (x >> 22) % 2 ? 32 : 8;
			if (sane) {
				if ((x >> 44) % 2) {
					name = 20 + (x >> 45) % 2;	/* make-send(-once) */
					bits = 64;
					inl = true;
					num = num > 4 ? 4 : num;
					for (int q = 0; q < 4; q++)
						v[q] = names[(x >> (50 + q)) % 8];
				} else {
					int d = (int)((x >> 46) % 4);

					name = data_types[d];
					bits = bits_of[d];
					num = (uint32_t)(32 * 8 / bits) < num ? 1 : num;
				}
			}
			if (!inl || (x >> 40) % 4 == 0)
				v[0] = (uint64_t)(uintptr_t)(user_mem + (x % 1024));
			/* Random messages sometimes lie about the payload
			 * length; sane ones never do. */
			m_item(&m, name, bits, num, inl, v,
			       sane || (x >> 33) % 2 ? (inl ? ((size_t)num * bits + 7) / 8 : 8)
						     : 32);
		}
		/* Mutate: flip bytes, truncate, or lie about sizes. */
		for (int f = 0; f < (int)((r >> 20) % 4) - (sane ? 1 : 0); f++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			m.b[(x >> 16) % m.len] ^= (uint8_t)(1u << ((x >> 8) % 8));
		}
		if ((r >> 24) % 5 == 0 && m.len > 40)
			m.len = 32 + (((x >> 3) % (m.len - 32)) & ~7u);
		mach_msg_return_t fmr = send(&m, a, &k);

		if (getenv("KMSG_FUZZ_DEBUG") && fmr)
			fprintf(stderr, "%s %#x\n", sane ? "sane" : "random", fmr);
		if (fmr == MACH_MSG_SUCCESS) {
			accepted++;
			/* Deliver half, destroy the other half. */
			if (r % 2) {
				mach_msg_header_t *h = &k->header;
				size_t off = 0, size = k->size - sizeof(*h);

				ipc_kmsg_copyout(k, b, dest);
				/* The receiver gives back what it got. */
				if (h->msgh_remote_port && h->msgh_remote_port != MACH_PORT_DEAD)
					ipc_right_destroy(b, h->msgh_remote_port);
				if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
					uint8_t *body = ipc_kmsg_body(k);

					while (off + 8 <= size) {
						mach_msg_type_t t;
						size_t bytes;

						memcpy(&t, body + off, 8);
						bytes = ((size_t)t.msgt_number * t.msgt_size + 7) / 8;
						off += 8;
						if (t.msgt_name >= 16 && t.msgt_name <= 21 &&
						    !t.msgt_inline) {
							uint64_t p;

							memcpy(&p, body + off, 8);
							for (uint32_t e = 0; p && e < t.msgt_number; e++) {
								mach_port_name_t n;

								memcpy(&n, (uint8_t *)(uintptr_t)p + 4 * e, 4);
								if (n && n != MACH_PORT_DEAD)
									ipc_right_destroy(b, n);
							}
							host_ool_free((uintptr_t)p);
						} else if (t.msgt_name >= 16 && t.msgt_name <= 21) {
							for (uint32_t e = 0; e < t.msgt_number; e++) {
								mach_port_name_t n;

								memcpy(&n, body + off + 8 * e, 4);
								if (n && n != MACH_PORT_DEAD)
									ipc_right_destroy(b, n);
							}
						} else if (!t.msgt_inline) {
							uint64_t p;

							memcpy(&p, body + off, 8);
							host_ool_free((uintptr_t)p);
						}
						off += t.msgt_inline ? ((bytes + 7) & ~7u) : 8;
					}
				}
				ipc_kmsg_free(k);
			} else {
				ipc_kmsg_destroy(k);
			}
		}
		/* Keep a's rights alive: re-make missing receive rights. */
		for (int q = 0; q < 8; q++)
			if (type_of(a, names[q]) == 0xdead ||
			    !(type_of(a, names[q]) & IE_RECEIVE)) {
				ipc_right_destroy(a, names[q]);
				mach_port_allocate_name_kernel(a, IPC_PORT_RIGHT_RECEIVE,
							       names[q]);
			}
	}
	printf("ipc_kmsg: fuzz: %d of %d messages accepted\n", accepted, iterations);
	CHECK(accepted > iterations / 5);		/* the generator is not useless */
	CHECK(ipc_kmsg_count() == 0);
	CHECK(host_ool_live == 0);
	CHECK(host_ool_copies == 0);
	ipc_space_terminate(a);
	ipc_space_terminate(b);
	ipc_space_release(a);
	ipc_space_release(b);
}

int main(void)
{
	host_user_base = user_mem;
	host_user_size = sizeof(user_mem);
	test_roundtrip();
	test_errors();
	test_fuzz();
	CHECK(ipc_kmsg_count() == 0);
	CHECK(ipc_port_count() == 0);
	CHECK(ipc_pset_count() == 0);
	CHECK(ipc_space_count() == 0);
	ipc_kmsg_cache_drain();
	CHECK(host_kalloc_live == 0);
	CHECK(host_ool_live == 0);
	CHECK(host_ool_copies == 0);
	if (failures) {
		fprintf(stderr, "ipc_kmsg: %d checks failed (ports %lu, kmsgs %lu, "
			"allocations %ld left)\n", failures, ipc_port_count(),
			ipc_kmsg_count(), host_kalloc_live);
		return 1;
	}
	printf("ipc_kmsg: all checks passed\n");
	return 0;
}
