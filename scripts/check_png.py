#!/usr/bin/env python3
"""Fails unless every named PNG exists, decodes, and is not blank (a single flat colour).

Standard library only: the CI machine has no imaging packages.
"""
import struct
import sys
import zlib
from pathlib import Path


def distinct_pixels(path: Path) -> int:
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, channels = 8, b"", 0, 0, 4
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError(f"unexpected PNG format (depth {depth}, colour type {colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                line[i] = (line[i] + predictor) & 0xFF
        previous = line
        if row % 8 == 0:
            for x in range(0, stride, channels * 4):
                colours.add(bytes(line[x : x + 3]))
    return len(colours)


def main() -> int:
    folder, names = Path(sys.argv[1]), sys.argv[2:]
    failed = False
    for name in names:
        path = folder / name
        try:
            count = distinct_pixels(path)
        except (OSError, ValueError, zlib.error) as err:
            print(f"MISSING or unreadable: {path}: {err}")
            failed = True
            continue
        if count < 16:
            print(f"BLANK: {path} has only {count} distinct colours")
            failed = True
        else:
            print(f"ok: {path} ({count} distinct colours sampled)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
