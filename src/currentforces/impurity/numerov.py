"""Numerov's recurrences for the radial Schroedinger equation, compiled with numba.

The kernels of :mod:`currentforces.impurity.nonlinear_screening`: on the grid r = a (e^x - 1),
uniform in x with step h, the transformed radial function phi = u/sqrt(r + a) obeys
phi'' = g phi with g = (r + a)^2 (l(l+1)/r^2 + 2 (V - E)) + 1/4, and Numerov's three-term
recurrence c_{i+1} phi_{i+1} = (12 - 10 c_i) phi_i - c_{i-1} phi_{i-1}, c = 1 - h^2 g/12, is
exact to O(h^6) per step. Each function loops over columns (one (l, E) each) without temporary
arrays. numba caches the machine code next to this file; ``python -m
currentforces.impurity.numerov`` compiles every kernel once (``make install`` does), so that
no chapter pays the two seconds of compilation.

Arguments, as :func:`currentforces.impurity.nonlinear_screening._compiled_args` prepares them:
``r`` the grid without r = 0 (bohr), ``a`` and ``h`` the grid's scale (bohr) and step, ``pot``
the potential V(r) (hartree), ``ell`` and ``energy`` one angular momentum and energy (hartree)
per column.
"""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["inward", "outward", "turning_points", "weighted_squares", "wronskians"]


@numba.njit(cache=True, inline="always")
def coefficient(r_i, a, h, pot_i, ell, energy):  # pragma: no cover - compiled
    """c = 1 - h^2 g/12, g = (r + a)^2 (l(l+1)/r^2 + 2 (V - E)) + 1/4, at one grid point."""
    w = (r_i + a) ** 2
    g = w * (ell * (ell + 1) / r_i**2 + 2 * (pot_i - energy)) + 0.25
    return 1.0 - h**2 * g / 12.0


@numba.njit(cache=True)
def outward_column(r, a, h, pot, ell, energy, series, start, stop, u, psi):  # pragma: no cover
    """Numerov outward for one (l, E) up to row ``stop``, into u[1:stop+1] and psi[1:stop+1].

    phi[i+1] = [(12 - 10 c_i) phi_i - c_{i-1} phi_{i-1}]/c_{i+1}, or the series where
    i+1 <= start; u = phi sqrt(r + a), psi = c phi. Returns the number of sign changes of phi.
    """
    c_prev = coefficient(r[0], a, h, pot[0], ell, energy)
    c_cur = coefficient(r[1], a, h, pot[1], ell, energy)
    phi_prev = series[0]
    phi_cur = series[1]
    u[1] = phi_prev * math.sqrt(r[0] + a)
    psi[1] = c_prev * phi_prev
    u[2] = phi_cur * math.sqrt(r[1] + a)
    psi[2] = c_cur * phi_cur
    nodes = 1 if (phi_prev > 0.0 and phi_cur < 0.0) or (phi_prev < 0.0 and phi_cur > 0.0) else 0
    for i in range(1, stop):
        c_next = coefficient(r[i + 1], a, h, pot[i + 1], ell, energy)
        if i + 1 <= start:
            phi_next = series[i + 1]
        else:
            forward = (12.0 - 10.0 * c_cur) / c_next
            back = c_prev / c_next
            phi_next = forward * phi_cur - back * phi_prev
        u[i + 2] = phi_next * math.sqrt(r[i + 1] + a)
        psi[i + 2] = c_next * phi_next
        if (phi_cur > 0.0 and phi_next < 0.0) or (phi_cur < 0.0 and phi_next > 0.0):
            nodes += 1
        c_prev, c_cur = c_cur, c_next
        phi_prev, phi_cur = phi_cur, phi_next
    return nodes


@numba.njit(cache=True)
def inward_column(r, a, h, pot, ell, energy, top0, top1, last, u, psi):  # pragma: no cover
    """Numerov inward for one (l, E) from phi[n-2] = top0, phi[n-1] = top1 down to row last - 1.

    phi[i-1] = [(12 - 10 c_i) phi_i - c_{i+1} phi_{i+1}]/c_{i-1}, into u[last:] and psi[last:]
    (u[i+1] belongs to r[i]).
    """
    n = r.shape[0]
    c_up = coefficient(r[n - 1], a, h, pot[n - 1], ell, energy)
    c_cur = coefficient(r[n - 2], a, h, pot[n - 2], ell, energy)
    phi_up = top1
    phi_cur = top0
    u[n] = phi_up * math.sqrt(r[n - 1] + a)
    psi[n] = c_up * phi_up
    u[n - 1] = phi_cur * math.sqrt(r[n - 2] + a)
    psi[n - 1] = c_cur * phi_cur
    for i in range(n - 2, last - 1, -1):
        c_down = coefficient(r[i - 1], a, h, pot[i - 1], ell, energy)
        forward = (12.0 - 10.0 * c_cur) / c_down
        back = c_up / c_down
        phi_down = forward * phi_cur - back * phi_up
        u[i] = phi_down * math.sqrt(r[i - 1] + a)
        psi[i] = c_down * phi_down
        c_up, c_cur = c_cur, c_down
        phi_up, phi_cur = phi_cur, phi_down


@numba.njit(cache=True)
def outward(r, a, h, pot, ell, energy, series, start):  # pragma: no cover - compiled
    """Numerov outward from the origin for every column: (u, psi, nodes), u and psi (len(r)+1, batch).

    Row 0 is r = 0 (u = 0); row i+1 belongs to r[i]. ``nodes`` counts the sign changes of u.
    """
    n = r.shape[0]
    batch = ell.shape[0]
    u = np.zeros((batch, n + 1))
    psi = np.zeros((batch, n + 1))
    nodes = np.zeros(batch, dtype=np.int64)
    for b in range(batch):
        nodes[b] = outward_column(
            r, a, h, pot, ell[b], energy[b], series[:, b], start[b], n - 1, u[b], psi[b]
        )
    return u.T, psi.T, nodes


@numba.njit(cache=True)
def inward(r, a, h, pot, ell, energy, top, last):  # pragma: no cover - compiled
    """Numerov inward from the two outer points ``top`` down to row ``last - 1``: (u, psi).

    Rows below are zero; shapes (len(r) + 1, batch) as for :func:`outward`.
    """
    n = r.shape[0]
    batch = ell.shape[0]
    u = np.zeros((batch, n + 1))
    psi = np.zeros((batch, n + 1))
    for b in range(batch):
        inward_column(r, a, h, pot, ell[b], energy[b], top[0, b], top[1, b], last, u[b], psi[b])
    return u.T, psi.T


@numba.njit(cache=True)
def wronskians(r, a, h, pot, ell, energy, series, start, top, match):  # pragma: no cover
    """The normalized discrete Wronskian of the outward and inward solutions at row match[b].

    Each column is integrated outward only up to row match + 1 and inward only down to row
    match: w = (o0 i1 - o1 i0)/((|o0| + |o1|)(|i0| + |i1|)) with o, i the Numerov variables psi.
    """
    n = r.shape[0]
    batch = ell.shape[0]
    u = np.zeros(n + 1)
    p_out = np.zeros(n + 1)
    p_in = np.zeros(n + 1)
    w = np.empty(batch)
    for b in range(batch):
        m = match[b]
        outward_column(r, a, h, pot, ell[b], energy[b], series[:, b], start[b], m, u, p_out)
        kappa = math.sqrt(-2.0 * energy[b])  # E as the decaying tail r k_l(kappa r) has it
        e_in = -0.5 * kappa**2
        inward_column(r, a, h, pot, ell[b], e_in, top[0, b], top[1, b], m, u, p_in)
        o0, o1, i0, i1 = p_out[m], p_out[m + 1], p_in[m], p_in[m + 1]
        w[b] = (o0 * i1 - o1 * i0) / ((abs(o0) + abs(o1)) * (abs(i0) + abs(i1)))
    return w


@numba.njit(cache=True)
def turning_points(r, pot, ell, energy):  # pragma: no cover - compiled
    """Per column, the last index i of r with l(l+1)/(2 r^2) + V < E, or (none) the first minimum."""
    n = r.shape[0]
    batch = ell.shape[0]
    out = np.empty(batch, dtype=np.int64)
    for b in range(batch):
        found = -1
        for i in range(n - 1, -1, -1):
            if ell[b] * (ell[b] + 1) / (2 * r[i] ** 2) + pot[i] < energy[b]:
                found = i
                break
        if found < 0:
            lowest = np.inf
            for i in range(n):
                v = ell[b] * (ell[b] + 1) / (2 * r[i] ** 2) + pot[i]
                if v < lowest:
                    lowest = v
                    found = i
        out[b] = found
    return out


@numba.njit(cache=True)
def weighted_squares(u_t, r, coefficient, at_origin):  # pragma: no cover - compiled
    """sum_b coefficient_b (u_b(r)/r)^2 for r > 0 (u_t of shape (batch, len(r))), at_origin at r = 0."""
    batch, m = u_t.shape
    out = np.zeros(m)
    for b in range(batch):
        c = coefficient[b]
        for i in range(1, m):
            out[i] += c * u_t[b, i] * u_t[b, i]
    out[0] = at_origin
    for i in range(1, m):
        out[i] /= r[i] * r[i]
    return out


def _warm_up() -> None:
    """Compile every kernel (into numba's cache) by solving one small screening problem."""
    from .nonlinear_screening import screen_nucleus

    screen_nucleus(1.0, 4.0)


if __name__ == "__main__":
    _warm_up()
