/*
 * kern/list.h - intrusive circular doubly-linked lists.
 *
 * A struct list_node is embedded in the element; a list head is a node
 * pointing at itself when empty.  No locking: callers hold whatever lock
 * protects the list.
 */
#ifndef KERN_LIST_H
#define KERN_LIST_H

#include <kern/types.h>

struct list_node {
	struct list_node *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }

#define list_entry(node, type, member) \
	((type *)(void *)((char *)(node) - offsetof(type, member)))

static inline void list_init(struct list_node *head)
{
	head->next = head->prev = head;
}

static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}

static inline void list_insert_after(struct list_node *pos,
				     struct list_node *n)
{
	n->prev = pos;
	n->next = pos->next;
	pos->next->prev = n;
	pos->next = n;
}

/* Add at the front (LIFO) or at the back (FIFO). */
static inline void list_push_front(struct list_node *head, struct list_node *n)
{
	list_insert_after(head, n);
}

static inline void list_push_back(struct list_node *head, struct list_node *n)
{
	list_insert_after(head->prev, n);
}

static inline void list_remove(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

static inline struct list_node *list_pop_front(struct list_node *head)
{
	struct list_node *n = head->next;

	if (n == head)
		return NULL;
	list_remove(n);
	return n;
}

#define list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define list_for_each_safe(pos, tmp, head)				\
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); \
	     (pos) = (tmp), (tmp) = (pos)->next)

#endif /* KERN_LIST_H */
