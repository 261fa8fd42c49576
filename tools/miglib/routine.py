"""miglib.routine - what each argument of a routine becomes.

analyse() decides, per argument, where it travels (request header, request
body, reply body, nowhere) and which implicit arguments it brings:
  <name>Cnt     element count of a variable array (user and server)
  <name>Poly    run-time disposition of a polymorphic port
  <name>Dealloc run-time deallocate flag of a Dealloc[] argument (user)
  <name>SCopy   server only: the data arrived inline (ServerCopy)
The first argument is the request port unless one is marked requestport.
"""
import copy

from .lexer import MigError


class Item:
    """One body item of a message: an argument's data, or the count of a
    CountInOut out-array (role 'count'), or the return code."""

    def __init__(self, arg, role='data'):
        self.arg, self.role = arg, role


def _arg_type(a):
    """The argument's own copy of its type, with its flags applied."""
    t = copy.copy(a.type)
    t.flags = set(a.type.flags) | a.flags
    if 'dealloc' in t.flags:
        t.dealloc = 'yes'
    if 'notdealloc' in t.flags:
        t.dealloc = 'no'
    if 'dealloc[]' in t.flags:
        t.dealloc = 'maybe'
    if t.dealloc != 'no' and t.inline and not t.indefinite and not t.is_port:
        import sys
        print('mig: %s:%d: warning: %s: Dealloc on inline data ignored'
              % (a.where[0], a.where[1], a.name), file=sys.stderr)
        t.dealloc = 'no'
    t.check_long()
    return t


def analyse(sub, r):
    """Fill the routine's derived fields (see the module docstring)."""
    if not r.args:
        raise MigError('%s: a routine needs a request port' % r.name, r.where)
    r.id = sub.base + r.number
    r.request_port = None
    r.reply_port = None           # replyport / ureplyport / sreplyport arg
    r.waittime_arg = r.msgoption_arg = r.seqno_arg = None
    for a in r.args:
        a.type = _arg_type(a)
        a.count = a.poly = a.dealloc_arg = a.scopy = None
        a.countinout = 'countinout' in a.flags
        if a.kind == 'requestport':
            r.request_port = a
        elif a.kind in ('replyport', 'ureplyport', 'sreplyport'):
            if r.reply_port is not None:
                raise MigError('%s: two reply ports' % r.name, a.where)
            r.reply_port = a
        elif a.kind == 'waittime':
            r.waittime_arg = a
        elif a.kind == 'msgoption':
            r.msgoption_arg = a
        elif a.kind == 'msgseqno':
            r.seqno_arg = a
        elif a.kind in ('out', 'inout') and r.simple:
            raise MigError('%s: simpleroutine with out argument %s'
                           % (r.name, a.name), a.where)
    if r.request_port is None:
        r.request_port = r.args[0]
        if r.args[0].kind not in ('in', 'requestport'):
            raise MigError('%s: the first argument must be the request port'
                           % r.name, r.args[0].where)
    for p in (r.request_port, r.reply_port):
        if p is not None and (not p.type.is_port or p.type.number != 1
                              or not p.type.inline):
            raise MigError('%s: %s is not a single port right'
                           % (r.name, p.name), p.where)
    r.req_items, r.rep_items = [], []
    for a in r.args:
        a.header = a is r.request_port or a is r.reply_port
        t = a.type
        if a.header:
            if t.is_poly_in or t.is_poly_out:
                a.poly = a.name + 'Poly'
            continue
        if a.kind in ('in', 'inout'):
            r.req_items.append(Item(a))
        if a.kind == 'out' and a.countinout:
            r.req_items.append(Item(a, 'count'))
        if a.kind in ('out', 'inout'):
            r.rep_items.append(Item(a))
        if a.kind in ('in', 'out', 'inout'):
            if t.var and not t.string:
                a.count = a.name + 'Cnt'
            if t.is_poly_in or t.is_poly_out:
                a.poly = a.name + 'Poly'
            if t.dealloc == 'maybe':
                a.dealloc_arg = a.name + 'Dealloc'
            if 'servercopy' in t.flags and a.kind == 'in':
                a.scopy = a.name + 'SCopy'
        if a.countinout and not t.var:
            raise MigError('%s: CountInOut on a fixed-size argument'
                           % a.name, a.where)
    r.user_args = [a for a in r.args
                   if a.kind not in ('sreplyport', 'msgseqno')]
    r.server_args = [a for a in r.args
                     if a.kind not in ('ureplyport', 'waittime', 'msgoption')]


def request_bits_complex(r):
    """True when the request always carries rights or out-of-line data."""
    return any(i.role == 'data' and (i.arg.type.is_port or not i.arg.type.inline)
               and not i.arg.type.is_poly_in for i in r.req_items)


def reply_bits_complex(r):
    """True when a successful reply always carries rights or OOL data."""
    return any((i.arg.type.is_port or not i.arg.type.inline)
               and not i.arg.type.is_poly_in for i in r.rep_items)


def max_size(items):
    """Largest message body for the items (bytes, after the header)."""
    n = 0
    for i in items:
        if i.role == 'count':
            n += 16
        else:
            n += 8 + i.arg.type.msg_bytes()
    return n


def min_size(items):
    """Smallest body: variable inline arrays empty, strings one byte."""
    n = 0
    for i in items:
        t = i.arg.type
        if i.role == 'count':
            n += 16
        elif t.var and t.inline:
            n += 8
        else:
            n += 8 + t.msg_bytes()
    return n
