"""miglib.emit_server - <name>Server.c: server stubs and the demux.

The demux <subsystem>_server(InHeadP, OutHeadP) (or the ServerDemux name)
fills the reply header, looks the request id up and runs the routine's
stub, which checks the request (size and every type descriptor), calls
the server function <serverprefix><routine>, and packs the reply.  It
returns FALSE for an unknown id (RetCode MIG_BAD_ID).  Data the server
function returns by address is written straight into the reply buffer at
the position it would have if every variable array were full, then moved
down into place.
"""
from . import types as T
from .common import (Out, shape, mult, unit_bytes, max_count, descriptor,
                     cname, slot_write, slot_read, includes, file_comment,
                     HELPERS)
from .routine import max_size, reply_bits_complex
from .emit_user import check


def stype(sub, t):
    """Server-side C type (before intran)."""
    c = t.server_type
    if sub.kernel_server and t.is_port and c == 'mach_port_t':
        return 'ipc_port_t'
    return c


def ttype(sub, t):
    """The server function's C type (after intran)."""
    if t.intran or t.intran_payload or t.outtran:
        return t.trans_type
    return stype(sub, t)


def server_params(sub, r):
    """Parameter declarations of the server function."""
    ps = []
    for a in r.server_args:
        t, sh = a.type, shape(a.type)
        c = ttype(sub, t)
        if a.header or a.kind == 'msgseqno':
            ps.append('%s %s' % (c, a.name))
            if a.poly:
                ps.append('mach_msg_type_name_t %s' % a.poly)
            continue
        out = a.kind in ('out', 'inout')
        by_addr = sh in ('string', 'vstring', 'fixed', 'var')
        ps.append('%s %s%s' % (c, '*' if out and not by_addr else '', a.name))
        if a.count:
            ps.append('mach_msg_type_number_t %s%s' % ('*' if out else '', a.count))
        if a.poly:
            if a.kind == 'in' and t.is_poly_out:
                ps.append('mach_msg_type_name_t %s' % a.poly)
            elif a.kind != 'in' and (t.is_poly_in or t.is_poly_out):
                ps.append('mach_msg_type_name_t *%s' % a.poly)
        if a.scopy:
            ps.append('boolean_t %s' % a.scopy)
    return ps


def kport_released(sub, a):
    """A KernelServer in-port (not in the header) that intran turns into
    an object: the server function never sees the right, so the stub
    releases it once the routine has succeeded (as GNU MIG does; IP_VALID,
    from the kernel's headers, skips null and dead rights)."""
    t = a.type
    return (sub.kernel_server and not a.header and a.kind == 'in' and
            t.is_port and t.intran is not None and shape(t) == 'port' and
            t.number == 1)


def release_kports(o, r, sub):
    """Release the rights kport_released() names (routine succeeded)."""
    for a in r.server_args:
        if kport_released(sub, a):
            fn = ('ipc_port_release_sonce' if a.type.out_name == 18
                  else 'ipc_port_release_send')
            o('if (IP_VALID(mig_kport_%s))' % a.name)
            o('\t%s(mig_kport_%s);' % (fn, a.name))


def declare(o, sub, r, areas):
    """Locals for every server argument."""
    for a in r.server_args:
        t, sh = a.type, shape(a.type)
        if a.header or a.kind == 'msgseqno':
            o('%s %s;' % (ttype(sub, t), a.name))
        elif sh in ('port', 'scalar') or sh in ('ool', 'indef'):
            o('%s %s;' % (ttype(sub, t), a.name))
        else:
            o('char *%s;' % a.name)
        if kport_released(sub, a):
            o('ipc_port_t mig_kport_%s = 0;' % a.name)
        if a.count:
            o('mach_msg_type_number_t %s = 0;' % a.count)
        if a.poly:
            o('mach_msg_type_name_t %s = %s;' % (a.poly, cname(t.in_name)
                                                 if t.in_name != T.POLY else 0))
        if a.scopy:
            o('boolean_t %s = TRUE;' % a.scopy)


def translate_in(o, sub, a, raw):
    """Assign a received scalar or port to its variable through intran."""
    t = a.type
    if t.intran:
        cast = t.intran[2]
        if sub.kernel_server and cast == 'mach_port_t' and t.is_port:
            cast = 'ipc_port_t'
        o('%s = %s((%s) %s);' % (a.name, t.intran[1], cast, raw))
    else:
        o('%s = %s;' % (a.name, raw))


def unpack(o, sub, it):
    """Check and take one request item at msg + off."""
    a, kernel = it.arg, sub.kernel_server
    t = a.type
    o('/* %s%s */' % (a.name, ' (count)' if it.role == 'count' else ''))
    o('if (mig_off + 8 > mig_size)')
    o('\tgoto bad;')
    o('memcpy(&mig_t, mig_msg + mig_off, 8);')
    src = 'mig_msg + mig_off + 8'
    if it.role == 'count':
        check(o, None, 2, 32, True, 1)
        o('if (mig_off + 16 > mig_size)')
        o('\tgoto bad;')
        o('memcpy(&%s, %s, 4);' % (a.count, src))
        o('if (%s > %d)' % (a.count, max_count(t)))
        o('\t%s = %d;' % (a.count, max_count(t)))
        o('mig_off += 16;')
        return
    sh = shape(t)
    name = None if t.is_poly_out else t.out_name
    if t.is_poly_out:
        o('%s = mig_t.msgt_name;' % a.poly)
    if sh in ('port', 'scalar', 'string', 'fixed'):
        n = 8 * t.number if t.is_port else t.inline_bytes()
        check(o, t, name, t.size, True, t.number)
        o('if (mig_off + %d > mig_size)' % (8 + T.pad8(n)))
        o('\tgoto bad;')
        if sh == 'port':
            o('{')
            o('%s p_;' % stype(sub, t))
            slot_read(o, 'p_', src, kernel, stype(sub, t))
            if kport_released(sub, a):
                o('mig_kport_%s = (ipc_port_t) p_;' % a.name)
            translate_in(o, sub, a, 'p_')
            o('}')
        elif sh == 'scalar':
            if t.intran:
                o('{')
                o('%s v_;' % stype(sub, t))
                o('memcpy(&v_, %s, %d);' % (src, n))
                translate_in(o, sub, a, 'v_')
                o('}')
            else:
                o('memcpy(&%s, %s, %d);' % (a.name, src, n))
        else:
            o('%s = %s;' % (a.name, src))
            if t.is_port and not kernel:
                ports_to_names(o, a.name, str(t.number))
        o('mig_off += %d;' % (8 + T.pad8(n)))
        return
    if sh == 'vstring':
        check(o, t, name, t.size, True, t.number, '>')
        o('if (mig_off + 8 + MIG_PAD8(mig_t.msgt_number) > mig_size)')
        o('\tgoto bad;')
        o('%s = %s;' % (a.name, src))
        o('mig_off += 8 + MIG_PAD8(mig_t.msgt_number);')
        return
    m, u = mult(t), unit_bytes(t)
    if sh == 'ool' or sh == 'indef':
        if sh == 'indef':
            o('if (!mig_t.msgt_inline) {')
        check(o, t, name, T.PORT_NAME_BITS if t.is_port else t.size,
              False if sh == 'ool' else None, None if t.var else t.number)
        o('if (mig_off + 16 > mig_size)')
        o('\tgoto bad;')
        o('{')
        o('uint64_t p_;')
        o('memcpy(&p_, %s, 8);' % src)
        o('%s = (%s) (uintptr_t) p_;' % (a.name, ttype(sub, t)))
        o('}')
        if a.count:
            o('%s = mig_t.msgt_number / %d;' % (a.count, m))
        if a.scopy:
            o('%s = FALSE;' % a.scopy)
        o('mig_off += 16;')
        if sh == 'ool':
            return
        o('} else {')
    check(o, t, name, t.size, True if sh == 'var' else None)
    if m != 1:
        o('if (mig_t.msgt_number %% %d != 0)' % m)
        o('\tgoto bad;')
    o('%s = mig_t.msgt_number / %d;' % (a.count, m))
    o('if (%s > %d || mig_off + 8 + MIG_PAD8(%s * %d) > mig_size)'
      % (a.count, max_count(t), a.count, u))
    o('\tgoto bad;')
    if sh == 'indef':
        o('%s = (%s) (uintptr_t) (%s);' % (a.name, ttype(sub, t), src))
    else:
        o('%s = %s;' % (a.name, src))
    if t.is_port and not kernel:
        ports_to_names(o, src, 'mig_t.msgt_number')
    o('mig_off += 8 + MIG_PAD8(%s * %d);' % (a.count, u))
    if sh == 'indef':
        o('}')


def ports_to_names(o, p, n):
    """Squeeze n 8-byte port slots at p into 32-bit names, in place."""
    o('for (mach_msg_size_t i_ = 0; i_ < %s; i_++) {' % n)
    o('mach_port_name_inlined_t s_;')
    o('memcpy(&s_, (char *) (%s) + 8 * i_, 8);' % p)
    o('memcpy((char *) (%s) + 4 * i_, &s_.name, 4);' % p)
    o('}')


def reply_layout(r):
    """Offset of each reply item's data when every array is full."""
    off, pos = 48, {}
    for it in r.rep_items:
        pos[it.arg.name] = off + 8
        off += 8 + it.arg.type.msg_bytes()
    return pos


def prepare_out(o, sub, r, pos):
    """Point by-address out arguments into the reply, set capacities."""
    for it in r.rep_items:
        a = it.arg
        t, sh = a.type, shape(a.type)
        if a.kind != 'out':
            continue
        area = 'mig_out + %d' % pos[a.name]
        if sh in ('string', 'vstring', 'fixed', 'var'):
            if t.is_port and not sub.kernel_server:
                area = 'mig_out + %d' % (pos[a.name] + 4 * (t.number // mult(t)) * mult(t))
            o('%s = %s;' % (a.name, area))
        elif sh == 'indef':
            o('%s = (%s) (uintptr_t) (%s);' % (a.name, ttype(sub, t), area))
        if a.count and sh in ('var', 'indef') and not a.countinout:
            o('%s = %d;' % (a.count, max_count(t)))


def call_args(r):
    """Arguments of the call of the server function."""
    cs = []
    for a in r.server_args:
        sh = shape(a.type)
        out = a.kind in ('out', 'inout')
        if a.header or a.kind == 'msgseqno':
            cs.append(a.name)
            if a.poly:
                cs.append(a.poly)
            continue
        by_addr = sh in ('string', 'vstring', 'fixed', 'var')
        if by_addr:
            cs.append('(void *) %s' % a.name)
        else:
            cs.append(('&' if out else '') + a.name)
        if a.count:
            cs.append(('&' if out else '') + a.count)
        if a.poly:
            cs.append(('&' if a.kind != 'in' else '') + a.poly)
        if a.scopy:
            cs.append(a.scopy)
    return cs


def pack(o, sub, it, pos):
    """Append one reply item at out + off (server side)."""
    a, kernel = it.arg, sub.kernel_server
    t = a.type
    sh = shape(t)
    o('/* %s */' % a.name)
    name = a.poly if t.is_poly_in else t.in_name
    if t.is_poly_in:
        o('if (MACH_MSG_TYPE_PORT_ANY(%s))' % a.poly)
        o('\tOutHeadP->msgh_bits |= MACH_MSGH_BITS_COMPLEX;')
    o('{')
    o('mach_msg_type_t t_ = %s;' % descriptor(t, name))
    dst = 'mig_out + mig_off + 8'
    if sh in ('port', 'scalar'):
        n = 8 if sh == 'port' else t.inline_bytes()
        o('memcpy(mig_out + mig_off, &t_, 8);')
        val = a.name
        if t.outtran:
            val = '%s(%s)' % (t.outtran[1], a.name)
        if sh == 'port':
            slot_write(o, dst, val, kernel)
        elif t.outtran:
            o('%s v_ = %s;' % (stype(sub, t), val))
            o('memcpy(%s, &v_, %d);' % (dst, n))
        else:
            o('memcpy(%s, &%s, %d);' % (dst, a.name, n))
        if T.pad8(n) != n:
            o('memset(%s + %d, 0, %d);' % (dst, n, T.pad8(n) - n))
        o('mig_off += %d;' % (8 + T.pad8(n)))
    elif sh in ('string', 'fixed'):
        n = 8 * t.number if t.is_port else t.inline_bytes()
        o('memcpy(mig_out + mig_off, &t_, 8);')
        if t.is_port and not kernel:
            names_to_ports(o, dst, a.name, str(t.number))
        else:
            o('memmove(%s, %s, %d);' % (dst, a.name, n))
        if T.pad8(n) != n:
            o('memset(%s + %d, 0, %d);' % (dst, n, T.pad8(n) - n))
        o('mig_off += %d;' % (8 + T.pad8(n)))
    elif sh == 'vstring':
        o('mach_msg_size_t n_ = 0;')
        o('while (n_ < %d && %s[n_] != 0)' % (t.number, a.name))
        o('\tn_++;')
        o('if (n_ < %d)' % t.number)
        o('\tn_++;')
        o('t_.msgt_number = n_;')
        o('memcpy(mig_out + mig_off, &t_, 8);')
        o('memmove(%s, %s, n_);' % (dst, a.name))
        o('memset(%s + n_, 0, MIG_PAD8(n_) - n_);' % dst)
        o('mig_off += 8 + MIG_PAD8(n_);')
    elif sh in ('var', 'indef'):
        m, u = mult(t), unit_bytes(t)
        if sh == 'indef':
            o('if (%s != (%s) (uintptr_t) (mig_out + %d)) {'
              % (a.name, ttype(sub, t), pos[a.name]))
            o('t_.msgt_number = %s * %d;' % (a.count, m))
            ool_out(o, t, a)
            o('} else {')
        o('if (%s > %d) {' % (a.count, max_count(t)))
        o('mig_rep->RetCode = MIG_ARRAY_TOO_LARGE;')
        o('return;')
        o('}')
        o('t_.msgt_number = %s * %d;' % (a.count, m))
        o('memcpy(mig_out + mig_off, &t_, 8);')
        src = a.name if sh == 'var' else '(char *) (uintptr_t) %s' % a.name
        if t.is_port and not kernel:
            names_to_ports(o, dst, src, 't_.msgt_number')
        else:
            o('memmove(%s, %s, %s * %d);' % (dst, src, a.count, u))
        o('memset(%s + %s * %d, 0, MIG_PAD8(%s * %d) - %s * %d);'
          % (dst, a.count, u, a.count, u, a.count, u))
        o('mig_off += 8 + MIG_PAD8(%s * %d);' % (a.count, u))
        if sh == 'indef':
            o('}')
    else:
        if t.var:
            o('t_.msgt_number = %s * %d;' % (a.count, mult(t)))
        ool_out(o, t, a)
    o('}')


def ool_out(o, t, a):
    """Write an out-of-line reply item (descriptor in t_)."""
    o('t_.msgt_inline = 0;')
    if t.is_port:
        o('t_.msgt_size = %d;' % T.PORT_NAME_BITS)
    if t.dealloc == 'yes':
        o('t_.msgt_deallocate = 1;')
    o('OutHeadP->msgh_bits |= MACH_MSGH_BITS_COMPLEX;')
    o('memcpy(mig_out + mig_off, &t_, 8);')
    o('{')
    o('uint64_t p_ = (uintptr_t) %s;' % a.name)
    o('memcpy(mig_out + mig_off + 8, &p_, 8);')
    o('}')
    o('mig_off += 16;')


def names_to_ports(o, dst, src, n):
    """Spread n 32-bit names at src into 8-byte slots at dst; src lies in
    the upper half of the slot area, so an ascending copy is safe."""
    o('for (mach_msg_size_t i_ = 0; i_ < %s; i_++) {' % n)
    o('mach_port_name_inlined_t s_;')
    o('s_.slot = 0;')
    o('memcpy(&s_.name, (char *) (%s) + 4 * i_, 4);' % src)
    o('memcpy((char *) (%s) + 8 * i_, &s_, 8);' % dst)
    o('}')


def stub(o, sub, r):
    """The server stub _X<routine> of one routine."""
    kernel = sub.kernel_server
    o('/* Routine %s: request id %d. */' % (r.name, r.id))
    o('static void _X%s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)'
      % r.name)
    o('{')
    o('char *mig_msg = (char *) InHeadP;')
    o('char *mig_out = (char *) OutHeadP;')
    o('mig_reply_header_t *mig_rep = (mig_reply_header_t *) OutHeadP;')
    o('mach_msg_size_t mig_size = InHeadP->msgh_size;')
    o('mach_msg_size_t mig_off = sizeof(mach_msg_header_t);')
    if r.req_items:
        o('mach_msg_type_t mig_t;')
    o('kern_return_t mig_ret;')
    declare(o, sub, r, None)
    o()
    o('(void) mig_out;')
    o('(void) mig_msg;')
    o('if (mig_size < %d || mig_size > %d)' % (32 + min_body(r), 32 + max_size(r.req_items)))
    o('\tgoto bad;')
    for it in r.req_items:
        unpack(o, sub, it)
    o('if (mig_off != mig_size)')
    o('\tgoto bad;')
    rp = r.request_port
    st = stype(sub, rp.type)
    raw = ('(%s) InHeadP->msgh_local_kport' % st) if kernel else 'InHeadP->msgh_local_port'
    if rp.type.intran_payload:
        o('if (MACH_MSGH_BITS_LOCAL(InHeadP->msgh_bits) == '
          'MACH_MSG_TYPE_PROTECTED_PAYLOAD) {')
        o('%s = %s(InHeadP->msgh_protected_payload);'
          % (rp.name, rp.type.intran_payload[1]))
        o('} else {')
        translate_in(o, sub, rp, raw)
        o('}')
    else:
        translate_in(o, sub, rp, raw)
    if rp.poly:
        o('%s = MACH_MSGH_BITS_LOCAL(InHeadP->msgh_bits);' % rp.poly)
    sp = r.reply_port
    if sp is not None and sp.kind in ('replyport', 'sreplyport'):
        raw = ('(%s) InHeadP->msgh_remote_kport' % stype(sub, sp.type))\
            if kernel else 'InHeadP->msgh_remote_port'
        translate_in(o, sub, sp, raw)
        if sp.poly:
            o('%s = MACH_MSGH_BITS_REMOTE(InHeadP->msgh_bits);' % sp.poly)
    if r.seqno_arg is not None:
        o('%s = InHeadP->msgh_seqno;' % r.seqno_arg.name)
    pos = reply_layout(r)
    prepare_out(o, sub, r, pos)
    o('mig_ret = %s%s(%s);' % (sub.server_prefix, r.name, ',\n\t    '.join(call_args(r))))
    for a in r.server_args:
        if a.type.destructor and a.kind == 'in' or (a.header and a.type.destructor):
            o('%s(%s);' % (a.type.destructor[0], a.name))
    if r.simple:
        if any(kport_released(sub, a) for a in r.server_args):
            o('if (mig_ret == KERN_SUCCESS) {')
            release_kports(o, r, sub)
            o('}')
        o('mig_rep->RetCode = mig_ret == KERN_SUCCESS ? MIG_NO_REPLY : mig_ret;')
        o('return;')
    else:
        o('if (mig_ret != KERN_SUCCESS) {')
        o('mig_rep->RetCode = mig_ret;')
        o('return;')
        o('}')
        release_kports(o, r, sub)
        o('mig_off = sizeof(mig_reply_header_t);')
        if reply_bits_complex(r):
            o('OutHeadP->msgh_bits |= MACH_MSGH_BITS_COMPLEX;')
        for it in r.rep_items:
            pack(o, sub, it, pos)
        o('OutHeadP->msgh_size = mig_off;')
        o('mig_rep->RetCode = KERN_SUCCESS;')
        o('return;')
    o('bad:')
    o('mig_rep->RetCode = MIG_BAD_ARGUMENTS;')
    o('}')


def min_body(r):
    """Smallest request body the routine accepts."""
    from .routine import min_size
    return min_size(r.req_items)


def demux_name(sub):
    """The demux function's name: ServerDemux, or <subsystem>_server."""
    return sub.demux or '%s_server' % sub.name


def server_c(sub, src, base):
    """Text of <base>Server.c."""
    o = Out()
    file_comment(o, base + 'Server.c', sub, src)
    o('#include <stdint.h>')
    includes(o, sub, ('import', 'simport'), sub.kernel_server)
    o(HELPERS.strip('\n'))
    o()
    o('/* The server functions (written by the server). */')
    for r in sub.routines:
        o('extern kern_return_t %s%s(%s);' % (
            sub.server_prefix, r.name, ',\n\t'.join(server_params(sub, r))))
    for r in sub.routines:
        o()
        stub(o, sub, r)
    dm = demux_name(sub)
    n = sub.count
    o()
    o('/* Stubs by request id - %d; NULL for skipped ids. */' % sub.base)
    o('static const mig_routine_t %s_routines[%d] = {' % (dm, max(n, 1)))
    byid = {r.number: r for r in sub.routines}
    for i in range(max(n, 1)):
        o('%s,' % ('_X' + byid[i].name if i in byid else '0'))
    o('};')
    o()
    o('/* The stub for a request, or NULL when the id is not ours. */')
    o('mig_routine_t %s_routine(const mach_msg_header_t *InHeadP)' % dm)
    o('{')
    o('mach_msg_id_t i = InHeadP->msgh_id - %d;' % sub.base)
    o()
    o('if (i < 0 || i >= %d)' % n)
    o('\treturn 0;')
    o('return %s_routines[i];' % dm)
    o('}')
    o()
    o('/*')
    o(' * Serve one request: fills the reply header, runs the stub.  Returns')
    o(' * FALSE (RetCode MIG_BAD_ID) when the id is not of this subsystem.')
    o(' */')
    o('boolean_t %s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)' % dm)
    o('{')
    o('static const mach_msg_type_t ret_type = %s;'
      % descriptor(T.short_type(2, 2, 32), 2))
    o('mig_reply_header_t *mig_rep = (mig_reply_header_t *) OutHeadP;')
    o('mig_routine_t routine;')
    o()
    o('OutHeadP->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(InHeadP->msgh_bits), 0);')
    o('OutHeadP->msgh_size = sizeof(mig_reply_header_t);')
    o('OutHeadP->msgh_remote_slot = InHeadP->msgh_remote_slot;')
    o('OutHeadP->msgh_protected_payload = 0;')
    o('OutHeadP->msgh_seqno = 0;')
    o('OutHeadP->msgh_id = InHeadP->msgh_id + 100;')
    o('memset(&mig_rep->RetCodeType, 0, sizeof(mig_reply_header_t) - sizeof(mach_msg_header_t));')
    o('mig_rep->RetCodeType = ret_type;')
    o('routine = %s_routine(InHeadP);' % dm)
    o('if (routine == 0) {')
    o('mig_rep->RetCode = MIG_BAD_ID;')
    o('return FALSE;')
    o('}')
    o('routine(InHeadP, OutHeadP);')
    o('return TRUE;')
    o('}')
    return o.text()


def server_h(sub, src, base):
    """Text of <base>Server.h: server function and demux prototypes."""
    o = Out()
    file_comment(o, base + 'Server.h', sub, src)
    guard = '_%s_SERVER_H_' % base.upper()
    o('#ifndef %s' % guard)
    o('#define %s' % guard)
    o()
    o('#include <mach/boolean.h>')
    o('#include <mach/kern_return.h>')
    o('#include <mach/message.h>')
    o('#include <mach/mig_errors.h>')
    for kind, f in sub.imports:
        if kind in ('import', 'simport'):
            o('#include %s' % f)
    o()
    dm = demux_name(sub)
    o('/* Largest request and reply of the subsystem, in bytes. */')
    o('#define %s_REQUEST_MAX %d' % (dm.upper(), max(
        [32 + max_size(r.req_items) for r in sub.routines] or [32])))
    o('#define %s_REPLY_MAX %d' % (dm.upper(), max(
        [48 + max_size(r.rep_items) for r in sub.routines] or [48])))
    o()
    o('extern boolean_t %s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP);' % dm)
    o('extern mig_routine_t %s_routine(const mach_msg_header_t *InHeadP);' % dm)
    for r in sub.routines:
        o()
        o('/* %s %s: id %d */' % ('simpleroutine' if r.simple else 'routine',
                                r.name, r.id))
        o('extern kern_return_t %s%s(%s);' % (
            sub.server_prefix, r.name, ',\n\t'.join(server_params(sub, r))))
    o()
    o('#endif /* %s */' % guard)
    return o.text()
