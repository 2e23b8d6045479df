#!/usr/bin/env python3
"""Which package of tasl-core uses which (docs/ARCHITECTURE.md, "Layers").

    tools/package-graph.py [SOURCE_ROOT]      (default tasl-core/src/main/java)

A use is an import (also static or on demand) or a fully qualified name (org.tasl.x.Y) in
code; comments do not count, string literals do (Class.forName would be a use). Packages are
org.tasl's top-level ones (org.tasl.model.bert counts as model; org.tasl itself as "(root)").
Prints every edge with its file count and one file, then the packages layer by layer (a
package's layer is one above the highest one it uses), or the cycles. Exit status 1 on a
cycle. The unit test org.tasl.PackageLayersTest checks the same over the same files.
"""
import os
import re
import sys
from collections import defaultdict

USE = re.compile(r'\borg\.tasl\.([a-z][a-z0-9_]*)\b(?=\s*\.\s*[\w*])|\borg\.tasl\.([A-Z]\w*)')


def strip_comments(src):
    """The source with comments blanked (line breaks kept), string and char literals kept."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            j = src.find('\n', i)
            i = n if j < 0 else j
        elif src.startswith('/*', i):
            j = src.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append('\n' * src.count('\n', i, j))
            i = j
        elif src.startswith('"""', i):
            j = src.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append(src[i:j])
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and src[j] != c and src[j] != '\n':
                j += 2 if src[j] == '\\' else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def package_of(src):
    m = re.search(r'^\s*package\s+org\.tasl(?:\.([a-z][a-z0-9_]*))?[\w.]*\s*;', src, re.M)
    return (m.group(1) or '(root)') if m else None


def edges(root):
    """{(from, to): [files]} over every .java file under root."""
    out = defaultdict(list)
    for d, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith('.java'):
                continue
            path = os.path.join(d, f)
            src = strip_comments(open(path, encoding='utf-8').read())
            here = package_of(src)
            if here is None:
                continue
            body = re.sub(r'^\s*package\s+[\w.]+\s*;', '', src, count=1, flags=re.M)
            used = {m.group(1) or '(root)' for m in USE.finditer(body)}
            for p in sorted(used - {here}):
                out[(here, p)].append(os.path.relpath(path, root))
    return out


def cycles(nodes, succ):
    """Strongly connected components with more than one package (Tarjan)."""
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(succ[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return comps


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else 'tasl-core/src/main/java'
    e = edges(root)
    succ = defaultdict(set)
    nodes = set()
    for (a, b), files in sorted(e.items()):
        succ[a].add(b)
        nodes |= {a, b}
        print(f'{a} -> {b}  ({len(files)} file{"s" if len(files) > 1 else ""}, e.g. {files[0]})')
    for d in os.listdir(os.path.join(root, 'org', 'tasl')):
        if os.path.isdir(os.path.join(root, 'org', 'tasl', d)):
            nodes.add(d)
    comps = cycles(nodes, succ)
    if comps:
        print('\nCYCLES:')
        for c in comps:
            print('  ' + ' <-> '.join(c))
            for a in c:
                for b in sorted(succ[a] & set(c)):
                    print(f'    {a} -> {b}: {", ".join(e[(a, b)][:3])}')
        sys.exit(1)
    layer = {}

    def depth(v):
        if v not in layer:
            layer[v] = 1 + max((depth(w) for w in succ[v]), default=-1)
        return layer[v]

    for v in nodes:
        depth(v)
    print('\nno cycles; layers, lowest first (a package uses only packages on lower lines):')
    for k in range(max(layer.values()) + 1):
        print(f'  {k}: {" ".join(sorted(v for v in nodes if layer[v] == k))}')


if __name__ == '__main__':
    main()
