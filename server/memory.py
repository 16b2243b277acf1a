"""Keep a long-running node's memory from creeping up under glibc's malloc (issue 13).

A node that served 200 chats for 30 minutes with socket drops grew ~1 MiB a minute
(bench/soak.py: +18 % and +15 % in two runs) although what Python keeps alive did not grow
(tracemalloc: bounded caches only). The growth is the allocator's: glibc gives each thread that
contends for the heap an arena of its own (up to 8 per core: the SQLite writer, the default
executor's threads for password hashing and DNS, the database drivers), and memory freed in an
arena stays in the process as fragments. In one soak run, a node with `MALLOC_ARENA_MAX=2` grew
8.0 % against 15.4 % for the other node of the same run (bench/results/soak.md).

Two measures, both glibc-only (elsewhere — musl, macOS — they do nothing and say so):

* `limit_malloc_arenas` at the start of `netreach serve`, before any thread exists: at most
  MALLOC_ARENAS arenas (`mallopt(M_ARENA_MAX)`), unless the operator set `MALLOC_ARENA_MAX`;
* `trim_malloc` every TRIM_SECONDS (server/app.py): `malloc_trim(0)` gives the free pages
  inside the heaps back to the system (milliseconds, run off the event loop's thread).

Sources: glibc manual, "Memory Allocation Tunables" (glibc.malloc.arena_max) and mallopt(3),
malloc_trim(3).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
from functools import lru_cache

MALLOC_ARENAS = 2
TRIM_SECONDS = 60.0
_M_ARENA_MAX = -8  # <malloc.h>


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (the only one these calls are known to help), else None."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas at `arenas` for the threads created from now on; call it before
    the process starts threads. False (nothing changed) when the C library is not glibc or the
    environment already sets MALLOC_ARENA_MAX (the operator's choice wins)."""
    libc = _glibc()
    if libc is None or "MALLOC_ARENA_MAX" in os.environ:
        return False
    return bool(libc.mallopt(_M_ARENA_MAX, arenas))


def trim_malloc() -> bool:
    """Give free memory inside glibc's heaps back to the system (`malloc_trim(0)`). True when
    some was released; False when none was or the C library is not glibc. Blocks the calling
    thread for a few milliseconds on a heap of a few hundred MiB (ctypes lets go of the GIL)."""
    libc = _glibc()
    return libc is not None and bool(libc.malloc_trim(0))
