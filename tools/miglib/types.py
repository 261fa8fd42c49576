"""miglib.types - MIG types and their LP64 message layout.

A MigType says how one argument travels: the msgt_name a sender puts in
the type descriptor (in_name) and the one a receiver expects (out_name),
the bits per element (size), the element count (number; the maximum for
variable arrays), inline or out-of-line, and the C types the stubs use.

LP64 rules (docs/mig.md): every item is an 8-byte descriptor followed by
its data padded to 8 bytes; an inline port right is a 64-bit slot holding
a 32-bit name (msgt_size 64); out-of-line data is a 64-bit address, and
out-of-line port arrays are arrays of 32-bit names (msgt_size 32).
"""
import copy

from .lexer import MigError

POLY = -1                   # MACH_MSG_TYPE_POLYMORPHIC
ALIGN = 8                   # item alignment in messages
PTR_BYTES = 8               # out-of-line address slot
PORT_SLOT_BITS = 64         # inline port right
PORT_NAME_BITS = 32         # out-of-line port name, PORT_NAME
INDEFINITE_BYTES = 2048     # inline part of array[] (else out-of-line)

# msgt_name values (include/mach/message.h) and their default sizes.
# A name used alone as a type ("type x = MACH_MSG_TYPE_INTEGER_32;") gets
# the default size; None means the size must be given.
MSG_NAMES = {
    'MACH_MSG_TYPE_UNSTRUCTURED': (0, None),
    'MACH_MSG_TYPE_BIT': (0, 1),
    'MACH_MSG_TYPE_BOOLEAN': (0, 32),
    'MACH_MSG_TYPE_INTEGER_16': (1, 16),
    'MACH_MSG_TYPE_INTEGER_32': (2, 32),
    'MACH_MSG_TYPE_CHAR': (8, 8),
    'MACH_MSG_TYPE_BYTE': (9, 8),
    'MACH_MSG_TYPE_INTEGER_8': (9, 8),
    'MACH_MSG_TYPE_REAL': (10, None),
    'MACH_MSG_TYPE_INTEGER_64': (11, 64),
    'MACH_MSG_TYPE_STRING': (12, None),
    'MACH_MSG_TYPE_STRING_C': (12, None),
    'MACH_MSG_TYPE_PORT_NAME': (15, PORT_NAME_BITS),
    'MACH_MSG_TYPE_MOVE_RECEIVE': (16, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_MOVE_SEND': (17, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_MOVE_SEND_ONCE': (18, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_COPY_SEND': (19, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_MAKE_SEND': (20, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_MAKE_SEND_ONCE': (21, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_PORT_RECEIVE': (16, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_PORT_SEND': (17, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_PORT_SEND_ONCE': (18, PORT_SLOT_BITS),
    'MACH_MSG_TYPE_POLYMORPHIC': (POLY, PORT_SLOT_BITS),
}
# What the receiver of a disposition finds (the kernel rewrites it).
RECEIVED = {16: 16, 17: 17, 18: 18, 19: 17, 20: 17, 21: 18}
NAME_STR = {}
for _k, (_v, _s) in MSG_NAMES.items():
    NAME_STR.setdefault(_v, _k)
NAME_STR.update({0: 'MACH_MSG_TYPE_BOOLEAN', 12: 'MACH_MSG_TYPE_STRING_C',
                 16: 'MACH_MSG_TYPE_PORT_RECEIVE', 17: 'MACH_MSG_TYPE_PORT_SEND',
                 18: 'MACH_MSG_TYPE_PORT_SEND_ONCE', POLY: 'MACH_MSG_TYPE_POLYMORPHIC'})


def is_port_name(n):
    """True for the msgt_names of port rights (16..21)."""
    return 16 <= n <= 21


def name_str(n):
    """C spelling of a msgt_name value in generated code."""
    return NAME_STR.get(n, str(n))


def pad8(n):
    """Round a byte count up to the message alignment."""
    return (n + ALIGN - 1) & ~(ALIGN - 1)


class MigType:
    """One MIG type (see the module docstring for the fields' meaning)."""

    def __init__(self, name=None):
        self.name = name
        self.in_name = 0
        self.out_name = 0
        self.size = 0               # bits per element
        self.number = 1             # elements (max for variable arrays)
        self.inline = True
        self.var = False            # variable-length array
        self.indefinite = False     # array[]: inline if small, else OOL
        self.string = False         # c_string / MACH_MSG_TYPE_STRING
        self.struct = True          # passed by value (scalars, structs)
        self.element = None         # array element type
        self.align = 4
        self.long = False           # long-form descriptor
        self.dealloc = 'no'         # no | yes | maybe
        self.flags = set()
        self.user_type = None
        self.server_type = None
        self.trans_type = None      # server function's view (intran)
        self.intran = None          # (trans type, function, server type)
        self.intran_payload = None  # (trans type, function)
        self.outtran = None         # (server type, function, trans type)
        self.destructor = None      # (function, trans type)

    def clone(self, name=None):
        """A copy to derive a new type from (translations dropped)."""
        t = copy.copy(self)
        t.flags = set(self.flags)
        t.name = name
        t.user_type = t.server_type = t.trans_type = None
        t.intran = t.intran_payload = t.outtran = t.destructor = None
        return t

    @property
    def is_port(self):
        """A port right (or a polymorphic one): pointer-sized slots."""
        if self.in_name == POLY and self.out_name == POLY:
            return True
        return is_port_name(self.in_name) or is_port_name(self.out_name)

    @property
    def is_poly_in(self):
        return self.in_name == POLY

    @property
    def is_poly_out(self):
        return self.out_name == POLY

    def inline_bytes(self):
        """Bytes of the (maximum) inline data, before padding."""
        return (self.number * self.size + 7) // 8

    def msg_bytes(self):
        """Bytes the item's data takes in a message at most (padded)."""
        if not self.inline:
            return PTR_BYTES
        return pad8(self.inline_bytes())

    def c_bytes(self):
        """sizeof the C object of one value (struct fields, elements)."""
        if self.is_port:
            return 4 * self.number
        return (self.number * self.size + 7) // 8

    def finish(self, defs_name):
        """Fill the defaults once a declaration is complete."""
        if self.name is None:
            self.name = defs_name
        if self.user_type is None:
            self.user_type = self.name
        if self.server_type is None:
            self.server_type = self.name
        if self.trans_type is None:
            self.trans_type = self.server_type
        self.check_long()

    def check_long(self):
        """Choose the long form as GNU MIG does: for variable out-of-line
        and indefinite arrays, and when the classic 32-bit descriptor
        could not hold size (8 bits) or number (12 bits); IsLong and
        IsNotLong override.  On LP64 both forms have the same layout."""
        must = self.size >= (1 << 8) or self.number >= (1 << 12)
        if self.size >= (1 << 16):
            raise MigError('%s: msgt_size %d does not fit 16 bits'
                           % (self.name, self.size))
        should = (self.var and not self.inline) or self.indefinite
        self.long = must or should
        if 'islong' in self.flags:
            self.long = True
        if 'isnotlong' in self.flags:
            self.long = False


def short_type(name_in, name_out, size):
    """A scalar type from msgt_names and a size in bits."""
    t = MigType()
    t.in_name, t.out_name, t.size = name_in, name_out, size
    t.align = max(1, min(ALIGN, size // 8))
    if name_in == 12:
        t.string = True
        t.struct = False
    return t


def builtin_types():
    """The types MIG knows without declaration (C integer types)."""
    d = {}
    for cname, n, bits in (('char', 8, 8), ('short', 1, 16), ('int', 2, 32),
                           ('int64', 11, 64), ('uintptr_t', 11, 64),
                           ('intptr_t', 11, 64)):
        t = short_type(n, n, bits)
        t.name = cname
        t.finish(cname)
        d[cname] = t
    return d


def array_of(old, number, var):
    """array[number] of old (var: [*:number], or [] when number is 0)."""
    if not old.inline or old.var:
        raise MigError('array of %s: element is not an inline fixed type'
                       % (old.name or 'an anonymous type'))
    t = old.clone()
    t.element = old
    t.var = var
    t.struct = False
    t.string = False
    if var and number == 0:
        t.indefinite = True
        per = max(1, old.msg_bytes() if old.is_port else old.inline_bytes())
        t.number = (INDEFINITE_BYTES // per) * old.number
    else:
        t.number = old.number * number
    return t


def struct_array_of(old, number):
    """struct[number] of old: passed by value, like a C struct."""
    t = array_of(old, number, False)
    t.struct = True
    return t


def pointer_to(t):
    """^t: the data travels out-of-line."""
    if not t.inline:
        raise MigError('^ applied to an out-of-line type')
    t = copy.copy(t)
    t.inline = False
    t.indefinite = False
    if not t.var and t.number == 0:
        t.var = True
    if t.var:
        t.struct = False
    t.align = PTR_BYTES
    if t.is_port:
        t.size = PORT_NAME_BITS         # names travel packed out-of-line
    return t


def cstring(number, var):
    """c_string[number] or c_string[*:number]."""
    e = short_type(12, 12, 8)
    e.name = 'char'
    e.user_type = e.server_type = e.trans_type = 'char'
    t = array_of(e, number, var)
    t.string = True
    return t


def struct_decl(fields):
    """struct { T f; ... }: C layout of the fields, carried as an array of
    the widest integer its alignment allows (as GNU MIG does)."""
    off, align = 0, 1
    for ft in fields:
        a = max(1, min(ALIGN, ft.align))
        off = (off + a - 1) // a * a + ft.c_bytes()
        align = max(align, a)
    total = (off + align - 1) // align * align
    name, bits = {8: (11, 64), 4: (2, 32), 2: (1, 16)}.get(align, (9, 8))
    t = short_type(name, name, bits)
    t.number = max(1, total * 8 // bits)
    t.align = align
    t.struct = True
    return t
