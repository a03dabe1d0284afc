#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sysv2unit's cost against the size of the script: generates init scripts of 1x, 10x and
100x a base size in several shapes (case branches, functions, variables, here-documents,
one long line) and prints the CPU time of one conversion each (best of three) and the ratio to the previous
size.  Linear time means a ratio near 10 per step.

    bench/s2u-scaling.py BUILD/sysv2unit/sysv2unit [BASE]
"""
import os
import resource
import subprocess
import sys
import tempfile

HEAD = '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: big\n# Default-Start: 2 3 4 5\n### END INIT INFO\n'
TAIL_CASE = 'case "$1" in\nstart) start ;;\nstop) stop ;;\n'


def branches(n):
    body = ''.join(f'v{i}) echo {i} ;;\n' for i in range(n))
    return (HEAD + 'start() { daemon --pidfile /run/big.pid /usr/sbin/big; }\nstop() { killproc big; }\n' +
            TAIL_CASE + body + 'esac\n')


def functions(n):
    fns = ''.join(f'f{i}() {{ echo {i}; f{i + 1}; }}\n' for i in range(n))
    return (HEAD + fns + 'start() { f0; daemon /usr/sbin/big; }\nstop() { killproc big; }\n' + TAIL_CASE +
            'esac\n')


def variables(n):
    vs = ''.join(f'V{i}="$V{max(i - 1, 0)}/x{i}"\n' for i in range(n))
    return (HEAD + vs + 'start() { daemon /usr/sbin/big; }\nstop() { killproc big; }\n' + TAIL_CASE + 'esac\n')


def heredocs(n):
    docs = ''.join(f'cat <<EOF{i}\nline $[{i} * 2] of a here-document\nEOF{i}\n' for i in range(n))
    return (HEAD + 'usage() {\n' + docs + '}\nstart() { daemon /usr/sbin/big; }\nstop() { killproc big; }\n' +
            TAIL_CASE + 'esac\n')


def long_line(n):
    words = ' '.join(f'w{i}' for i in range(5 * n))
    return (HEAD + f'OPTS="{words}"\nstart() {{ daemon /usr/sbin/big $OPTS; }}\nstop() {{ killproc big; }}\n' +
            TAIL_CASE + 'esac\n')


SHAPES = [('case branches', branches), ('functions', functions), ('variables', variables),
          ('here-documents', heredocs), ('one long line', long_line)]


def run(tool, text, tmp):
    path = os.path.join(tmp, 'big')
    with open(path, 'w') as f:
        f.write(text)
    best = None
    for _ in range(3):
        # CPU time (user + system) of the child: wall time on a shared machine mostly
        # measures the other processes.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([tool, '--stdout', '--script-path', '/etc/init.d', path], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        dt = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = dt if best is None else min(best, dt)
    return best, len(text)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    tool = sys.argv[1]
    base = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    print(f'{"shape":16} {"units":>8} {"bytes":>10} {"seconds":>9} {"ratio":>7}')
    with tempfile.TemporaryDirectory() as tmp:
        for name, gen in SHAPES:
            prev = None
            for mult in (1, 10, 100):
                n = base * mult
                dt, size = run(tool, gen(n), tmp)
                ratio = f'{dt / prev:7.1f}' if prev else '      -'
                print(f'{name:16} {n:8} {size:10} {dt:9.3f} {ratio}')
                prev = dt


if __name__ == '__main__':
    main()
