"""Makes the tiny .npy files of this folder: valid unsigned arrays (written by NumPy) and headers
that must be refused with one line (written by hand). Run: /usr/bin/python3 make_bad_npy.py"""
import struct

import numpy as np

np.save("uint32.npy", np.array([0, 4294967295, 2147483648, 7], dtype="<u4"))
np.save("uint64.npy", np.array([0, 18446744073709551615, 9223372036854775808, 7], dtype="<u8"))
np.save("uint16-big-endian.npy", np.array([0, 65535, 32768], dtype=">u2"))


def v1(header: str, data: bytes = b"") -> bytes:
    text = header.encode("latin1")
    text += b" " * ((64 - (10 + len(text) + 1) % 64) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + data


cases = {
    "negative-dimension.npy": v1("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3), }"),
    "overflowing-shape.npy": v1(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }"),
    "huge-shape.npy": v1("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }"),
    "dimension-beyond-int.npy": v1("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296,), }"),
    "v2-header-length.npy": b"\x93NUMPY\x02\x00" + struct.pack("<I", 0xFFFFFFF0) + b"{'descr': '<f4'",
    "truncated-header.npy": v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")[:30],
    "truncated-data.npy": v1("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 64, 64), }", bytes(100)),
    "cut-length.npy": b"\x93NUMPY\x02\x00\x10",
    "unsupported-dtype.npy": v1("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", bytes(16)),
}
for name, content in cases.items():
    with open(name, "wb") as f:
        f.write(content)
