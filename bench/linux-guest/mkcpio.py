#!/usr/bin/env python3
"""Write a folder as a newc cpio archive (what Linux unpacks as an
initramfs): owner root, mtime 0, sorted, so that the same folder gives the
same bytes. Usage: mkcpio.py DIR OUT.cpio"""
import os, stat, sys


def entries(root):
    for parent, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs + files):
            path = os.path.join(parent, name)
            yield os.path.relpath(path, root), path


def header(ino, mode, nlink, size, name):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad(n):
    return b"\0" * (-n % 4)


def main(src, out):
    with open(out, "wb") as f:
        ino = 1
        for rel, path in sorted(entries(src)):
            st = os.lstat(path)
            name = rel.encode()
            if stat.S_ISLNK(st.st_mode):
                data = os.readlink(path).encode()
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as g:
                    data = g.read()
            else:
                data = b""
            mode = stat.S_IFMT(st.st_mode) | stat.S_IMODE(st.st_mode)
            head = header(ino, mode, 2 if stat.S_ISDIR(st.st_mode) else 1, len(data), name)
            f.write(head + name + b"\0" + pad(len(head) + len(name) + 1))
            f.write(data + pad(len(data)))
            ino += 1
        head = header(0, 0, 1, 0, b"TRAILER!!!")
        f.write(head + b"TRAILER!!!\0" + pad(len(head) + 11))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
