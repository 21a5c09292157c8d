"""An exact oracle for the attacker's linear system, written independently of hitoku's audit.

Unknowns are inner cells (nonnegative integers); each published cell is a row (a set of inner cells and
its value). `determined` says whether a cell is a linear combination of published rows (recoverable by
adding and subtracting, exact rational elimination). `other_value` looks for a second nonnegative
integer completion in which the cell differs (a move in the kernel of the published rows from the true
point): finding one proves the cell is not recoverable."""
from fractions import Fraction
from itertools import combinations


def _indicator(cells, n):
    v = [Fraction(0)] * n
    for c in cells:
        v[c] = Fraction(1)
    return v


def _reduce(v, basis, pivots):
    """v minus its components along the echelon rows."""
    for b, p in zip(basis, pivots):
        if v[p]:
            f = v[p]
            v = [x - f * y for x, y in zip(v, b)]
    return v


def _rref(rows, n):
    """Reduced row echelon form of 0/1 rows over n unknowns (Fractions): (rows, pivot columns)."""
    basis, pivots = [], []
    for cells in rows:
        v = _reduce(_indicator(cells, n), basis, pivots)
        lead = next((i for i, x in enumerate(v) if x), None)
        if lead is None:
            continue
        v = [x / v[lead] for x in v]
        for k, b in enumerate(basis):
            if b[lead]:
                f = b[lead]
                basis[k] = [x - f * y for x, y in zip(b, v)]
        basis.append(v)
        pivots.append(lead)
    return basis, pivots


def determined(published_rows, cell, n):
    """True when the cell (a set of inner cells) is a linear combination of the published rows."""
    basis, pivots = _rref(published_rows, n)
    return not any(_reduce(_indicator(cell, n), basis, pivots))


def kernel(published_rows, n):
    """Integer basis of {d : every published row sums d to 0}."""
    basis, pivots = _rref(published_rows, n)
    free = [i for i in range(n) if i not in pivots]
    out = []
    for f in free:
        d = [Fraction(0)] * n
        d[f] = Fraction(1)
        for b, p in zip(basis, pivots):
            d[p] = -b[f]
        scale = 1
        for x in d:
            scale = scale * x.denominator // _gcd(scale, x.denominator)
        out.append([int(x * scale) for x in d])
    return out


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def other_value(published_rows, truth, cell, n, depth=3):
    """A nonnegative integer point agreeing with every published row where `cell` sums differently
    from the truth, as a move d (truth + d), or None if none is found among sums of up to `depth`
    signed kernel vectors."""
    ker = kernel(published_rows, n)
    signed = [v for k in ker for v in (k, [-x for x in k])]
    for size in range(1, depth + 1):
        for combo in combinations(signed, size):
            d = [sum(xs) for xs in zip(*combo)]
            if sum(d[c] for c in cell) != 0 and all(t + x >= 0 for t, x in zip(truth, d)):
                return d
    return None
