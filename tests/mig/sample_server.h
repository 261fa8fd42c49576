/* tests/mig/sample_server.h - server side types of sample.defs. */
#ifndef SAMPLE_SERVER_H
#define SAMPLE_SERVER_H
typedef mach_port_t obj_port_t;
typedef struct obj *obj_ref_t;
obj_ref_t obj_lookup(obj_port_t port);
obj_port_t obj_port(obj_ref_t obj);
void obj_release(obj_ref_t obj);
#endif
