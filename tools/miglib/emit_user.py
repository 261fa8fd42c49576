"""miglib.emit_user - <name>User.c (stubs) and <name>.h (prototypes).

A user stub packs the request into a buffer on its stack, calls mach_msg
(send and receive on the thread's reply port for a routine, send only for
a simpleroutine), then checks the reply's id, size and every type
descriptor before copying the out arguments to the caller.
"""
from . import types as T
from .common import (Out, shape, mult, unit_bytes, max_count, descriptor,
                     cname, slot_write, slot_read, includes, file_comment,
                     HELPERS)
from .routine import max_size, request_bits_complex


def ctype(sub, t):
    """The user-side C type of a MigType."""
    c = t.user_type
    if sub.kernel_user and t.is_port and c == 'mach_port_t':
        return 'ipc_port_t'
    return c


def user_params(sub, r):
    """C parameter declarations of the user stub, in order."""
    ps = []
    for a in r.user_args:
        t, sh, c = a.type, shape(a.type), ctype(sub, a.type)
        if a.header or a.kind in ('waittime', 'msgoption'):
            ps.append('%s %s' % (c, a.name))
            if a.poly and t.is_poly_in:
                ps.append('mach_msg_type_name_t %s' % a.poly)
            continue
        out = a.kind in ('out', 'inout')
        if a.kind == 'inout' and sh not in ('port', 'scalar'):
            from .lexer import MigError
            raise MigError('%s: inout is supported for scalars and ports only'
                           % a.name, a.where)
        by_addr = sh in ('string', 'vstring', 'fixed', 'var')
        if out and not by_addr:
            ps.append('%s *%s' % (c, a.name))
        else:
            ps.append('%s %s' % (c, a.name))
        if a.count:
            ps.append('mach_msg_type_number_t %s%s' % ('*' if out else '', a.count))
        if a.poly:
            if a.kind == 'in' and t.is_poly_in:
                ps.append('mach_msg_type_name_t %s' % a.poly)
            elif a.kind != 'in' and (t.is_poly_out or t.is_poly_in):
                ps.append('mach_msg_type_name_t *%s' % a.poly)
        if a.dealloc_arg:
            ps.append('boolean_t %s' % a.dealloc_arg)
    return ps


def pack(o, sub, it):
    """Append one request item at msg + off (user side)."""
    a, kernel = it.arg, sub.kernel_user
    t = a.type
    o('/* %s%s */' % (a.name, ' (count)' if it.role == 'count' else ''))
    if it.role == 'count':
        o('memcpy(mig_msg + mig_off, &cnt_type_, 8);')
        o('memcpy(mig_msg + mig_off + 8, %s, 4);' % a.count)
        o('memset(mig_msg + mig_off + 12, 0, 4);')
        o('mig_off += 16;')
        return
    sh = shape(t)
    val = a.name if a.kind == 'in' else '(*%s)' % a.name
    addr = '&' + a.name if a.kind == 'in' else a.name
    name = a.poly if t.is_poly_in else t.in_name
    if t.is_poly_in:
        o('if (MACH_MSG_TYPE_PORT_ANY(%s))' % a.poly)
        o('\tmig_complex = MACH_MSGH_BITS_COMPLEX;')
    o('{')
    o('mach_msg_type_t t_ = %s;' % descriptor(t, name))
    dst = 'mig_msg + mig_off + 8'
    if sh == 'port':
        o('memcpy(mig_msg + mig_off, &t_, 8);')
        slot_write(o, dst, val, kernel)
        o('mig_off += 16;')
    elif sh in ('scalar', 'string', 'fixed'):
        n = t.inline_bytes()
        o('memcpy(mig_msg + mig_off, &t_, 8);')
        if sh == 'scalar':
            o('memcpy(%s, %s, %d);' % (dst, addr, n))
        elif sh == 'string':
            o('(void) mig_l_strcpy(%s, %s, %d);' % (dst, a.name, n))
        elif t.is_port:
            o('for (mach_msg_size_t i_ = 0; i_ < %d; i_++)' % t.number)
            slot_write(o, dst + ' + 8 * i_', '%s[i_]' % a.name, kernel)
            n = 8 * t.number
        else:
            o('memcpy(%s, %s, %d);' % (dst, a.name, n))
        if T.pad8(n) != n:
            o('memset(%s + %d, 0, %d);' % (dst, n, T.pad8(n) - n))
        o('mig_off += %d;' % (8 + T.pad8(n)))
    elif sh == 'vstring':
        mx = t.number
        o('mach_msg_size_t n_ = mig_l_strcpy(%s, %s, %d);' % (dst, a.name, mx))
        if T.pad8(mx) != mx:
            o('memset(%s + %d, 0, %d);' % (dst, mx, T.pad8(mx) - mx))
        o('t_.msgt_number = n_;')
        o('memcpy(mig_msg + mig_off, &t_, 8);')
        o('mig_off += 8 + MIG_PAD8(n_);')
    elif sh in ('var', 'indef'):
        cnt = a.count if a.kind == 'in' else '(*%s)' % a.count
        mx = max_count(t)
        o('mach_msg_size_t n_ = %s * %d;' % (cnt, unit_bytes(t)))
        o('t_.msgt_number = %s * %d;' % (cnt, mult(t)))
        if sh == 'var':
            o('if (%s > %d)' % (cnt, mx))
            o('\treturn MIG_ARRAY_TOO_LARGE;')
        else:
            o('if (%s > %d) {' % (cnt, mx))
            ool(o, t, a, 't_')
            o('} else {')
        o('memcpy(mig_msg + mig_off, &t_, 8);')
        if t.is_port:
            o('for (mach_msg_size_t i_ = 0; i_ < t_.msgt_number; i_++)')
            slot_write(o, dst + ' + 8 * i_', '%s[i_]' % a.name, kernel)
        else:
            o('memcpy(%s, %s, n_);' % (dst, a.name))
        o('memset(%s + n_, 0, MIG_PAD8(n_) - n_);' % dst)
        o('mig_off += 8 + MIG_PAD8(n_);')
        if sh == 'indef':
            o('}')
    else:
        if t.var:
            cnt = a.count if a.kind == 'in' else '(*%s)' % a.count
            o('t_.msgt_number = %s * %d;' % (cnt, mult(t)))
        ool(o, t, a, 't_')
    o('}')


def ool(o, t, a, tv):
    """Write an out-of-line item: descriptor tv, then the address."""
    val = a.name if a.kind == 'in' else '(*%s)' % a.name
    o('%s.msgt_inline = 0;' % tv)
    if t.is_port:
        o('%s.msgt_size = %d;' % (tv, T.PORT_NAME_BITS))
    if a.dealloc_arg:
        o('%s.msgt_deallocate = %s ? 1 : 0;' % (tv, a.dealloc_arg))
    o('mig_complex = MACH_MSGH_BITS_COMPLEX;')
    o('memcpy(mig_msg + mig_off, &%s, 8);' % tv)
    o('{')
    o('uint64_t p_ = (uintptr_t) (%s);' % val)
    o('memcpy(mig_msg + mig_off + 8, &p_, 8);')
    o('}')
    o('mig_off += 16;')


def check(o, t, name, size, inline, number=None, op='!='):
    """Reject a reply item whose descriptor is not what we expect."""
    conds = []
    if name is not None:
        conds.append('mig_t.msgt_name != %s' % cname(name))
    if size is not None:
        conds.append('mig_t.msgt_size != %d' % size)
    if inline is not None:
        conds.append('%smig_t.msgt_inline' % ('!' if inline else ''))
    if number is not None:
        conds.append('mig_t.msgt_number %s %s' % (op, number))
    o('if (%s)' % ' ||\n\t    '.join(conds))
    o('\tgoto bad;')


def unpack(o, sub, a):
    """Take one reply item at msg + off into the caller's variables."""
    t, kernel = a.type, sub.kernel_user
    sh = shape(t)
    c = ctype(sub, t)
    o('/* %s */' % a.name)
    o('if (mig_off + 8 > mig_size)')
    o('\tgoto bad;')
    o('memcpy(&mig_t, mig_msg + mig_off, 8);')
    name = None if t.is_poly_out else t.out_name
    if a.poly and (t.is_poly_out or t.is_poly_in):
        o('*%s = mig_t.msgt_name;' % a.poly)
    src = 'mig_msg + mig_off + 8'
    if sh in ('port', 'scalar', 'string', 'fixed'):
        n = 8 * t.number if t.is_port else t.inline_bytes()
        check(o, t, name, t.size, True, t.number)
        o('if (mig_off + %d > mig_size)' % (8 + T.pad8(n)))
        o('\tgoto bad;')
        if sh == 'port':
            slot_read(o, '*' + a.name, src, kernel)
        elif t.is_port:
            o('for (mach_msg_size_t i_ = 0; i_ < %d; i_++)' % t.number)
            slot_read(o, '%s[i_]' % a.name, src + ' + 8 * i_', kernel)
        else:
            o('memcpy(%s, %s, %d);' % (a.name, src, n))
        o('mig_off += %d;' % (8 + T.pad8(n)))
        return
    if sh == 'vstring':
        check(o, t, name, t.size, True, t.number, '>')
        o('if (mig_off + 8 + MIG_PAD8(mig_t.msgt_number) > mig_size)')
        o('\tgoto bad;')
        o('memcpy(%s, %s, mig_t.msgt_number);' % (a.name, src))
        o('mig_off += 8 + MIG_PAD8(mig_t.msgt_number);')
        return
    if sh == 'ool':
        size = T.PORT_NAME_BITS if t.is_port else t.size
        check(o, t, name, size, False, None if t.var else t.number)
        ool_in(o, a, c, mult(t))
        return
    m, u = mult(t), unit_bytes(t)
    o('{')
    o('mach_msg_size_t n_;')
    if sh == 'indef':
        o('if (!mig_t.msgt_inline) {')
        check(o, t, name, T.PORT_NAME_BITS if t.is_port else t.size, None)
        ool_in(o, a, c, m)
        o('} else {')
    check(o, t, name, t.size, True if sh == 'var' else None)
    if m != 1:
        o('if (mig_t.msgt_number %% %d != 0)' % m)
        o('\tgoto bad;')
    o('n_ = mig_t.msgt_number / %d;' % m)
    o('if (n_ > %d || mig_off + 8 + MIG_PAD8(n_ * %d) > mig_size)' % (max_count(t), u))
    o('\tgoto bad;')
    dst = a.name
    if sh == 'indef':
        o('if (n_ > *%s) {' % a.count)
        o('vm_address_t a_;')
        o('mig_allocate(&a_, n_ * %d);' % (8 if kernel or not t.is_port else 4 * m))
        o('*%s = (%s) a_;' % (a.name, c))
        o('}')
        dst = '(*%s)' % a.name
    else:
        o('if (n_ > *%s) {' % a.count)
        o('*%s = n_;' % a.count)
        o('return MIG_ARRAY_TOO_LARGE;')
        o('}')
    if t.is_port:
        o('for (mach_msg_size_t i_ = 0; i_ < mig_t.msgt_number; i_++)')
        slot_read(o, '%s[i_]' % dst, src + ' + 8 * i_', kernel)
    else:
        o('memcpy(%s, %s, n_ * %d);' % (dst, src, u))
    o('*%s = n_;' % a.count)
    o('mig_off += 8 + MIG_PAD8(n_ * %d);' % u)
    if sh == 'indef':
        o('}')
    o('}')


def ool_in(o, a, c, m):
    """Take an out-of-line address (and count) from a reply item."""
    o('if (mig_off + 16 > mig_size)')
    o('\tgoto bad;')
    o('{')
    o('uint64_t p_;')
    o('memcpy(&p_, mig_msg + mig_off + 8, 8);')
    o('*%s = (%s) (uintptr_t) p_;' % (a.name, c))
    o('}')
    if a.count:
        o('*%s = mig_t.msgt_number / %d;' % (a.count, m))
    o('mig_off += 16;')


def stub(o, sub, r):
    """The whole user stub of one routine."""
    kernel = sub.kernel_user
    o('/* Routine %s: request id %d%s. */' % (
        r.name, r.id, '' if r.simple else ', reply id %d' % (r.id + 100)))
    o('kern_return_t %s%s(%s)' % (sub.user_prefix, r.name,
                                   ',\n\t'.join(user_params(sub, r))))
    o('{')
    req = 32 + max_size(r.req_items)
    rep = 0 if r.simple else 48 + max_size(r.rep_items)
    o('union {')
    o('mach_msg_header_t Head;')
    o('char buf[%d];' % max(req, rep))
    o('} mig_mess;')
    o('char *mig_msg = mig_mess.buf;')
    o('mach_msg_header_t *InHeadP = &mig_mess.Head;')
    o('mach_msg_size_t mig_off = sizeof(mach_msg_header_t);')
    o('mach_msg_bits_t mig_complex = %s;' % ('MACH_MSGH_BITS_COMPLEX'
                                        if request_bits_complex(r) else '0'))
    o('mach_msg_return_t mig_result;')
    o('(void) mig_msg;')
    if any(i.role == 'count' for i in r.req_items):
        o('static const mach_msg_type_t cnt_type_ = %s;' % descriptor(
            T.short_type(2, 2, 32), 2))
    if not r.simple:
        o('mach_msg_type_t mig_t;')
        o('mach_msg_size_t mig_size;')
        o('kern_return_t mig_ret;')
        up = r.reply_port
        if (up is None or up.kind == 'sreplyport') and not kernel:
            o('mach_port_t mig_reply;')
    o()
    for it in r.req_items:
        pack(o, sub, it)
    rp = r.request_port
    rdisp = rp.poly if rp.type.is_poly_in else cname(rp.type.in_name)
    o('InHeadP->msgh_remote_slot = 0;')
    if kernel:
        o('InHeadP->msgh_remote_kport = (void *) %s;' % rp.name)
    else:
        o('InHeadP->msgh_remote_port = %s;' % rp.name)
    o('InHeadP->msgh_protected_payload = 0;')
    up = r.reply_port if r.reply_port is not None and\
        r.reply_port.kind != 'sreplyport' else None
    if up is not None:
        ldisp = up.poly if up.type.is_poly_in else cname(up.type.in_name)
        if kernel:
            o('InHeadP->msgh_local_kport = (void *) %s;' % up.name)
        else:
            o('InHeadP->msgh_local_port = %s;' % up.name)
        reply = up.name
    elif r.simple or kernel:
        ldisp = '0' if r.simple else 'MACH_MSG_TYPE_MAKE_SEND_ONCE'
        reply = 'MACH_PORT_NULL'
    else:
        ldisp = 'MACH_MSG_TYPE_MAKE_SEND_ONCE'
        o('mig_reply = mig_get_reply_port();')
        o('InHeadP->msgh_local_port = mig_reply;')
        reply = 'mig_reply'
    o('InHeadP->msgh_bits = mig_complex | MACH_MSGH_BITS(%s, %s);' % (rdisp, ldisp))
    o('InHeadP->msgh_size = mig_off;')
    o('InHeadP->msgh_seqno = 0;')
    o('InHeadP->msgh_id = %d;' % r.id)
    opts = r.msgoption_arg.name if r.msgoption_arg else r.msgoption
    wait = r.waittime_arg.name if r.waittime_arg else r.waittime
    if kernel:
        if r.simple:
            o('mig_result = mach_msg_send_from_kernel(InHeadP, mig_off);')
        else:
            o('mig_result = mach_msg_rpc_from_kernel(InHeadP, mig_off, sizeof(mig_mess));')
    else:
        o('mig_result = mach_msg(InHeadP, MACH_SEND_MSG%s%s%s,' % (
            '' if r.simple else '|MACH_RCV_MSG',
            ('|MACH_SEND_TIMEOUT' if r.simple else '|MACH_RCV_TIMEOUT')
            if wait else '', '|(%s)' % opts if opts else ''))
        o('\tmig_off, %s, %s, %s, MACH_PORT_NULL);' % (
            '0' if r.simple else 'sizeof(mig_mess)',
            'MACH_PORT_NULL' if r.simple else reply, wait or 'MACH_MSG_TIMEOUT_NONE'))
    if r.simple:
        o('return mig_result;')
        o('}')
        return
    if up is None and not kernel:
        # Any failure may leave the reply right destroyed by the kernel
        # (body errors destroy the header rights) and a send-once
        # notification on its way to the port: start afresh.
        o('if (mig_result != MACH_MSG_SUCCESS)')
        o('\tmig_dealloc_reply_port(%s);' % reply)
        o('else')
        o('\tmig_put_reply_port(%s);' % reply)
    o('if (mig_result != MACH_MSG_SUCCESS)')
    o('\treturn mig_result;')
    o('if (InHeadP->msgh_id != %d) {' % (r.id + 100))
    o('if (InHeadP->msgh_id == MACH_NOTIFY_SEND_ONCE)')
    o('\treturn MIG_SERVER_DIED;')
    o('return MIG_REPLY_MISMATCH;')
    o('}')
    o('mig_size = InHeadP->msgh_size;')
    o('mig_off = sizeof(mach_msg_header_t);')
    o('if (mig_size < sizeof(mig_reply_header_t))')
    o('\tgoto bad;')
    o('memcpy(&mig_t, mig_msg + mig_off, 8);')
    check(o, None, 2, 32, True, 1)
    o('memcpy(&mig_ret, mig_msg + mig_off + 8, 4);')
    o('if (mig_ret != KERN_SUCCESS)')
    o('\treturn mig_size == sizeof(mig_reply_header_t) ? mig_ret : MIG_TYPE_ERROR;')
    o('mig_off += 16;')
    for it in r.rep_items:
        unpack(o, sub, it.arg)
    o('if (mig_off != mig_size)')
    o('\tgoto bad;')
    o('return KERN_SUCCESS;')
    o('bad:')
    o('return MIG_TYPE_ERROR;')
    o('}')


def user_c(sub, src, base):
    """Text of <base>User.c."""
    o = Out()
    file_comment(o, base + 'User.c', sub, src)
    o('#include <stdint.h>')
    includes(o, sub, ('import', 'uimport'), sub.kernel_user)
    o('#include "%s.h"' % base)
    o(HELPERS.strip('\n'))
    if sub.kernel_user:
        o()
        o('extern mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *,')
        o('\tmach_msg_size_t);')
        o('extern mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *,')
        o('\tmach_msg_size_t, mach_msg_size_t);')
    for r in sub.routines:
        o()
        stub(o, sub, r)
    return o.text()


def user_h(sub, src, base):
    """Text of <base>.h: the user stubs' prototypes."""
    o = Out()
    file_comment(o, base + '.h', sub, src)
    guard = '_%s_USER_H_' % base.upper()
    o('#ifndef %s' % guard)
    o('#define %s' % guard)
    o()
    o('#include <mach/boolean.h>')
    o('#include <mach/kern_return.h>')
    o('#include <mach/message.h>')
    for kind, f in sub.imports:
        if kind in ('import', 'uimport'):
            o('#include %s' % f)
    for r in sub.routines:
        o()
        o('/* %s %s: id %d */' % ('simpleroutine' if r.simple else 'routine',
                                r.name, r.id))
        o('extern kern_return_t %s%s(%s);' % (
            sub.user_prefix, r.name, ',\n\t'.join(user_params(sub, r))))
    o()
    o('#endif /* %s */' % guard)
    return o.text()
