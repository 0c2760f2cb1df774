"""The vector equations of motion (14)-(15) with 3D q integrals (Appendix D).

Appendix D re-derived numerically: the vector equations of motion (14)-(15) for a current in
any direction, solved with every q-space integral done in three dimensions, and compared with
the scalar parallel/perpendicular problems (D7)-(D10) that the angular identities (D1)-(D3)
reduce them to.

The angular identities, for q = abs(q) and d = abs(d) (x = q d), over the full solid angle of q:

    (D1)  int q (b . q) dOmega                 = (4 pi/3) q^2 b,
    (D2)  int q (b_par . q) e^{i d.q} dOmega   = 4 pi/(d^3 q) [2 x cos x + (x^2 - 2) sin x] b_par
                                               = 4 pi q^2 A_par(x) b_par,
    (D3)  int q (b_perp . q) e^{i d.q} dOmega  = 4 pi/(d^3 q) (sin x - x cos x) b_perp
                                               = 4 pi q^2 A_perp(x) b_perp,

with b_par |abs( d, b_perp _)_ d, and A_g of :func:`currentforces.dynamics.equations_of_motion.angular_factor`. The
integrands of (D2)/(D3) are q q^T e^{i d.q}; q q^T is even under q -> -q, so only cos(d.q)
survives: both sides are real and the sign of the exponent does not matter.

The vector equations (14)-(15), with Delta(q, w) = chi(q, w) - chi(q, 0), the current written
per unit drift velocity (dj = n u, u a unit vector, j/n = 1, so 4 pi dj/w_p^2 = u since
w_p^2 = 4 pi n) and the 3x3 tensors

    I0 = int d^3q (q q^T/q^4) Delta/w,        I-+ = int d^3q (q q^T/q^4) Delta/w e^{-+i q.d},
    S  = int d^3q (q q^T/q^4) chi(q, 0) e^{i q.d},     H = grad_d grad_d (1/d) = (3 d^ d^ - 1)/d^3,

read

    (14)  -w Vc = -(Z1+Z2) w/Mc u + 2/(pi Mc) [(Z1^2+Z2^2) I0 + 2 Z1 Z2 I-] (u - Vc)
                  - 2/(pi Mc^2) [(M1 Z2^2 - M2 Z1^2) I0 + Z1 Z2 (M1 - M2) I-] Vr,
    (15)  -w Vr = -w (Z2/M2 - Z1/M1) u - 2/(pi Mc) [(M1 Z2^2/M2 + M2 Z1^2/M1) I0 - 2 Z1 Z2 I+] Vr
                  + 2/pi [(Z2^2/M2 - Z1^2/M1) I0 + (1/M2 - 1/M1) Z1 Z2 I+] (u - Vc)
                  + 2/(pi w) (1/M1 + 1/M2) Z1 Z2 S Vr - (1/w) (1/M1 + 1/M2) Z1 Z2 H Vr,

a 6x6 complex linear system A (Vc, Vr) = B u. :class:`VectorEquations` builds A and B on a
product rule: the radial rule of the scalar dynamics (``dyn.q_rule(w)`` for the Delta
integrals, the statics rule of Eq. (10) for S) times the sphere rule :func:`sphere_rule`
(Gauss-Legendre in cos(theta), periodic trapezoid in phi), with q q^T/q^4 and e^{-+i q.d}
evaluated on the 3D nodes. Neither (D1)-(D3) nor the angular factors are used, so agreement
with :meth:`~currentforces.dynamics.equations_of_motion.ImpurityDynamics.transfer` tests the reduction (D7)-(D10)
(and its prefactors) independently.

Units: hartree atomic units; q in bohr^-1, d in bohr, w in hartree, masses in electron masses,
velocities in units of the drift velocity j/n.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ..core.inputs import require_finite, require_positive
from ..core.quadrature import QGrid, sphere_rule, static_n_mu
from ..core.registry import DIRECT_FIELD_SIGNS, GEOMETRIES
from ..electron_liquid.response import _difference_quotient
from ..impurity.statics import StaticPair
from .equations_of_motion import ImpurityDynamics

__all__ = [
    "VectorEquations",
    "decoupling_check",
    "direction_at",
    "identity_d1",
    "identity_d2",
    "identity_d3",
    "scalar_solution",
    "solve_vector",
]

_TRANSVERSE = (0, 1, 3, 4)  # Vc_x, Vc_y, Vr_x, Vr_y in the 6-vector (Vc, Vr), d along z
_AXIAL = (2, 5)  # Vc_z, Vr_z


def _vector(name: str, value, *, nonzero: bool = True) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.shape != (3,) or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be a finite 3-vector, got {value!r}")
    if nonzero and not np.any(arr):
        raise ValueError(f"{name} must be a nonzero 3-vector, got {value!r}")
    return arr


def _check_rule(rule):
    units, weights = rule
    units = np.asarray(units, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if units.ndim != 2 or units.shape[1] != 3 or weights.shape != (units.shape[0],):
        raise ValueError("rule must be (unit vectors (N, 3), weights (N,)) as from sphere_rule")
    return units, weights


# -- (D1)-(D3) ------------------------------------------------------------------------------------
def _angular_moment(q: float, b, rule, d_vec=None, sign: int = +1):
    """int q_vec (b . q_vec) e^{i sign d.q_vec} dOmega over the sphere of radius q (complex 3-vector)."""
    units, weights = _check_rule(rule)
    qv = q * units
    f = weights * (qv @ b)
    if d_vec is not None:
        f = f * np.exp(1j * sign * (qv @ d_vec))
    return f @ qv


def _check_sign(sign) -> int:
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, got {sign!r}")
    return int(sign)


def identity_d1(q, b, rule):
    """The angular identity (D1): quadrature against the closed form.

    (D1): returns (LHS by quadrature, RHS = 4 pi q^2 b / 3) for the sphere of radius ``q``
    (bohr^-1) and any vector ``b``; units of q^2 b.
    """
    q = require_positive("q", q)
    b = _vector("b", b, nonzero=False)
    return _angular_moment(q, b, rule).real, 4.0 * math.pi / 3.0 * q**2 * b


def _closed_d2(x):
    return 2.0 * x * math.cos(x) + (x * x - 2.0) * math.sin(x)


def _closed_d3(x):
    return math.sin(x) - x * math.cos(x)


def _split(d_vec, b, name: str, parallel: bool, tol: float = 1e-12):
    d_vec = _vector("d_vec", d_vec)
    b = _vector(name, b, nonzero=False)
    d_hat = d_vec / np.linalg.norm(d_vec)
    along = b @ d_hat
    off = b - along * d_hat
    scale = max(np.linalg.norm(b), 1e-300)
    bad = np.linalg.norm(off) > tol * scale if parallel else abs(along) > tol * scale
    if bad:
        what = "parallel" if parallel else "perpendicular"
        raise ValueError(f"{name} must be {what} to d_vec, got {name}={b!r}, d_vec={d_vec!r}")
    return d_vec, b, float(np.linalg.norm(d_vec))


def identity_d2(q, d_vec, b_par, rule, sign: int = +1):
    """The angular identity (D2): quadrature against the closed form.

    (D2): returns (LHS by quadrature, complex; RHS closed form, real) for ``b_par`` parallel
    to ``d_vec`` (bohr). ``sign`` = +1 is e^{+i d.q} as printed, -1 is e^{-i d.q} (same RHS:
    the imaginary part of the LHS vanishes by q -> -q symmetry).
    """
    return _identity(q, d_vec, b_par, "b_par", rule, sign, parallel=True)


def identity_d3(q, d_vec, b_perp, rule, sign: int = +1):
    """(D3): as :func:`identity_d2` for ``b_perp`` perpendicular to ``d_vec``."""
    return _identity(q, d_vec, b_perp, "b_perp", rule, sign, parallel=False)


def _identity(q, d_vec, b, name: str, rule, sign: int, parallel: bool):
    """(D2) or (D3): the quadrature LHS and the closed-form RHS for ``b`` along or across d."""
    q = require_positive("q", q)
    sign = _check_sign(sign)
    d_vec, b, d = _split(d_vec, b, name, parallel=parallel)
    lhs = _angular_moment(q, b, rule, d_vec, sign)
    closed = _closed_d2 if parallel else _closed_d3
    return lhs, 4.0 * math.pi / (d**3 * q) * closed(q * d) * b


# -- the vector equations (14)-(15) ---------------------------------------------------------------
def _outer_rows(units, weights):
    """weights * u_i u_j as an (N, 9) array."""
    return weights[:, None] * (units[:, :, None] * units[:, None, :]).reshape(-1, 9)


def _tensor_integrals(nodes, radial, units, weights, d_vec, chunk: int = 1024):
    """The three 3x3 tensor integrals of the vector equations on a product rule.

    Sum over the product rule of radial(q) (q q^T/q^4) q^2 [1, e^{-i q.d}, e^{+i q.d}]:
    three complex 3x3 tensors. ``radial`` holds the radial weights times the radial function
    (the q^2 of d^3q cancels against 1/q^4 q q^T = u u^T / q^2).
    """
    uu = _outer_rows(units, weights)
    # the phase depends on u.d only: evaluate it once per distinct value (n_mu of them when d is
    # along z), then spread back over the sphere nodes
    ud, spread = np.unique(units @ d_vec, return_inverse=True)
    radial = np.asarray(radial, dtype=complex)
    two = np.stack([radial.real, radial.imag])  # real matrix products: e^{-+ix} = cos x -+ i sin x
    cos_sum = np.zeros((2, ud.size))
    sin_sum = np.zeros((2, ud.size))
    for start in range(0, nodes.size, chunk):
        x = np.multiply.outer(nodes[start : start + chunk], ud)
        r = two[:, start : start + chunk]
        cos_sum += r @ np.cos(x)
        sin_sum += r @ np.sin(x)
    c = (cos_sum[0] + 1j * cos_sum[1])[spread.ravel()]
    s = (sin_sum[0] + 1j * sin_sum[1])[spread.ravel()]
    g_minus, g_plus = c - 1j * s, c + 1j * s
    i0 = np.sum(radial) * uu.sum(axis=0)
    return tuple(t.reshape(3, 3) for t in (i0, g_minus @ uu, g_plus @ uu))


class VectorEquations:
    """Eqs. (14)-(15) for one :class:`~currentforces.dynamics.equations_of_motion.ImpurityDynamics`, d = dyn.d z^.

    ``rule`` (default ``sphere_rule(96, 8)``) is the sphere rule of the Delta integrals, whose
    radial rule ``dyn.q_rule(w)`` reaches 8 kF (q d ~ 40); ``static_rule`` that of S, whose
    radial rule (the statics rule of Eq. (10), to 120 kF, q d ~ 590) needs
    ``sphere_rule(static_n_mu(q_max d), 4)`` (the default; with d along z the phase does not
    depend on phi and 4 trapezoid points integrate the phi-dependence of q q^T, of degree 2,
    exactly). S does not depend on w and is computed once.

    Examples
    --------
    >>> from currentforces import ImpurityDynamics, make_kernel, proton_deuteron
    >>> dyn = ImpurityDynamics(make_kernel("rpa", 2.0), proton_deuteron())
    >>> vc, vr = VectorEquations(dyn).solve(1e-3, [0.0, 0.0, 1.0])
    >>> vc_par, _ = dyn.transfer([1e-3], "parallel")  # the scalar equations (D7)-(D8')
    >>> bool(abs(vc[2] - vc_par[0]) < 1e-10 * abs(vc_par[0]))
    True
    """

    def __init__(
        self,
        dyn: ImpurityDynamics,
        rule: tuple | None = None,
        static_rule: tuple | None = None,
        static_tensor: ArrayLike | None = None,
    ):
        """Build the equations for one :class:`ImpurityDynamics`.

        ``static_tensor`` (3x3) replaces the computed S: to share it between instances that
        differ only in ``rule``, or to perturb it on purpose (a sensitivity test).
        """
        self.dyn = dyn
        self.d_vec = np.array([0.0, 0.0, dyn.d])
        self.rule = _check_rule(rule if rule is not None else sphere_rule(96, 8))
        imp = dyn.impurity
        self._pair = StaticPair(dyn.kernel, imp.Z1, imp.Z2)
        if static_rule is None:
            static_rule = sphere_rule(static_n_mu(self.static_grid.q_max * dyn.d), 4)
        self.static_rule = _check_rule(static_rule)
        self._static = None
        if static_tensor is not None:
            S = np.asarray(static_tensor, dtype=complex)
            if S.shape != (3, 3) or not np.all(np.isfinite(S)):
                raise ValueError(f"static_tensor must be a finite 3x3 array, got shape {S.shape}")
            self._static = S

    @property
    def static_grid(self) -> QGrid:
        """The radial rule of the static tensor S.

        The radial rule of S: the statics rule of Eq. (10) (a :class:`QGrid`), the one
        ``dyn.static_integrals`` uses.
        """
        return self._pair.grid

    @property
    def static_tensor(self) -> np.ndarray:
        """The static tensor S (bohr^-4 hartree^-1).

        S = int d^3q (q q^T/q^4) chi(q, 0) e^{i q.d} (bohr^-4 hartree^-1), real up to
        quadrature noise (returned complex, as computed).
        """
        if self._static is None:
            grid = self.static_grid
            radial = grid.weights * self._pair.chi_nodes
            _, _, plus = _tensor_integrals(grid.nodes, radial, *self.static_rule, self.d_vec)
            self._static = plus
        return self._static

    def friction_tensors(self, omega: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The friction tensors (I0, I-, I+) at ``omega`` > 0 (hartree).

        (I0, I-, I+) of the module docstring at ``omega`` > 0 (hartree): the 3D integrals of
        (q q^T/q^4) [chi(q, w) - chi(q, 0)]/w times 1, e^{-i q.d}, e^{+i q.d}.
        """
        omega = _positive_omega(omega)
        rule = self.dyn.q_rule(omega)
        q = rule.nodes
        ratio = _difference_quotient(q, omega, self.dyn.kernel)
        return _tensor_integrals(q, rule.weights * ratio, *self.rule, self.d_vec)

    def system(self, omega: float) -> tuple[np.ndarray, np.ndarray]:
        """The 6x6 matrix A and 6x3 matrix B of A (Vc, Vr) = B u.

        The 6x6 matrix A and 6x3 matrix B of A (Vc, Vr) = B u, Eqs. (14)-(15) rearranged as
        in the module docstring (row block 1: Eq. (14); row block 2: Eq. (15); neither scaled).
        """
        omega = _positive_omega(omega)
        i0, i_minus, i_plus = self.friction_tensors(omega)
        imp = self.dyn.impurity
        Z1, Z2, M1, M2, Mc = imp.Z1, imp.Z2, imp.M1, imp.M2, imp.Mc
        inv_mu = imp.inverse_reduced_mass
        eye = np.eye(3)
        d_hat = self.d_vec / self.dyn.d
        hess = (3.0 * np.outer(d_hat, d_hat) - eye) / self.dyn.d**3  # grad grad 1/d
        c_c = (Z1**2 + Z2**2) * i0 + 2.0 * Z1 * Z2 * i_minus
        b_c = (M1 * Z2**2 - M2 * Z1**2) * i0 + Z1 * Z2 * (M1 - M2) * i_minus
        b_r = (M1 * Z2**2 / M2 + M2 * Z1**2 / M1) * i0 - 2.0 * Z1 * Z2 * i_plus
        c_r = (Z2**2 / M2 - Z1**2 / M1) * i0 + (1.0 / M2 - 1.0 / M1) * Z1 * Z2 * i_plus
        elastic = inv_mu * Z1 * Z2 * (2.0 / (math.pi * omega) * self.static_tensor - hess / omega)
        A = np.zeros((6, 6), dtype=complex)
        B = np.zeros((6, 3), dtype=complex)
        # (14): [-w + 2/(pi Mc) C_c] Vc + 2/(pi Mc^2) B_c Vr = [-(Z1+Z2) w/Mc + 2/(pi Mc) C_c] u
        A[:3, :3] = -omega * eye + 2.0 / (math.pi * Mc) * c_c
        A[:3, 3:] = 2.0 / (math.pi * Mc**2) * b_c
        # direct terms as printed (-) or with the sign consistent with the wind (+), as in dyn
        sign = DIRECT_FIELD_SIGNS[self.dyn.direct_field]
        B[:3] = sign * (Z1 + Z2) * omega / Mc * eye + 2.0 / (math.pi * Mc) * c_c
        # (15): 2/pi C_r Vc + [-w + 2/(pi Mc) B_r - elastic] Vr = [-w (Z2/M2 - Z1/M1) + 2/pi C_r] u
        A[3:, :3] = 2.0 / math.pi * c_r
        A[3:, 3:] = -omega * eye + 2.0 / (math.pi * Mc) * b_r - elastic
        B[3:] = sign * omega * (Z2 / M2 - Z1 / M1) * eye + 2.0 / math.pi * c_r
        return A, B

    def response_matrix(self, omega: float) -> np.ndarray:
        """The 6x3 matrix R with (Vc, Vr) = R u for a unit current direction u."""
        A, B = self.system(omega)
        return np.linalg.solve(A, B)

    def solve(self, omega: float, direction: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """(Vc, Vr) for a current along ``direction`` at ``omega`` > 0.

        (Vc, Vr), complex 3-vectors per unit drift velocity, for a current along
        ``direction`` (any nonzero 3-vector; normalized) at frequency ``omega`` > 0 (hartree).
        """
        u = _unit("direction", direction)
        x = self.response_matrix(omega) @ u
        return x[:3], x[3:]

    def restoring_terms(self) -> tuple[float, float]:
        """The elastic terms of Eq. (15) from the static tensor S, in the two geometries.

        Returns (perpendicular, parallel): the perpendicular restoring term
        abs((2/pi) S_xx + 1/d^3) d^3 in units of 1/d^3 (zero at the equilibrium separation: no
        restoring force across the axis, (E12)), and the parallel one
        (1/M1 + 1/M2) [(2/pi) S_zz - 2/d^3] (hartree^2, to be compared with the elastic term of
        (D8'), -omega_0^2).
        """
        S, d = self.static_tensor, self.dyn.d
        perp = abs(2 / math.pi * S[0, 0].real + 1 / d**3) * d**3
        par = (2 / math.pi * S[2, 2].real - 2 / d**3) * self.dyn.impurity.inverse_reduced_mass
        return float(perp), float(par)

    def response_anisotropy(self, omega: float) -> float:
        """Largest breaking of the x-y symmetry of the response matrix, relative to its size.

        max(abs(R_xx - R_yy) of Vc and Vr, abs(R_xy) of Vc and Vr) / max abs(R): zero for a current
        across an axis along z.
        """
        R = self.response_matrix(omega)
        return float(
            max(abs(R[0, 0] - R[1, 1]), abs(R[3, 0] - R[4, 1]), abs(R[0, 1]), abs(R[3, 1]))
            / np.max(np.abs(R))
        )

    def block_coupling(self, omega: float) -> float:
        """The coupling of the axial and transverse blocks, relative to max abs(A).

        max abs(entry) of the blocks of A and B that couple the axial components (Vc_z, Vr_z)
        to the transverse ones, relative to max abs(A): zero if the parallel and perpendicular
        motions are independent (Appendix D).
        """
        A, B = self.system(omega)
        ax, tr = list(_AXIAL), list(_TRANSVERSE)
        off = max(
            np.max(np.abs(A[np.ix_(ax, tr)])),
            np.max(np.abs(A[np.ix_(tr, ax)])),
            np.max(np.abs(B[np.ix_(ax, [0, 1])])),
            np.max(np.abs(B[np.ix_(tr, [2])])),
        )
        return float(off / np.max(np.abs(A)))


def _positive_omega(omega) -> float:
    omega = require_finite("omega", omega)
    if omega <= 0:
        raise ValueError(f"omega must be > 0 hartree (the equations divide by it), got {omega!r}")
    return omega


def _unit(name: str, value) -> np.ndarray:
    v = _vector(name, value)
    return v / np.linalg.norm(v)


def _equations(dyn, rule, static_rule) -> VectorEquations:
    if isinstance(dyn, VectorEquations):
        return dyn
    return VectorEquations(dyn, rule, static_rule)


def solve_vector(dyn, omega: float, direction, rule=None, static_rule=None):
    """(Vc, Vr) of Eqs. (14)-(15) for a current along ``direction``.

    (Vc, Vr) of Eqs. (14)-(15) (complex 3-vectors, units of the drift velocity j/n) for a
    current along ``direction`` at ``omega`` > 0 (hartree), d = dyn.d along z.

    ``dyn`` is an :class:`~currentforces.dynamics.equations_of_motion.ImpurityDynamics` or a
    :class:`VectorEquations` (which reuses its static tensor); ``rule``/``static_rule`` as in
    :class:`VectorEquations`.
    """
    return _equations(dyn, rule, static_rule).solve(omega, direction)


def direction_at(theta: float, phi: float = 0.0) -> np.ndarray:
    """Unit vector at polar angle ``theta`` from the impurity axis z and azimuth ``phi`` (rad)."""
    theta = require_finite("theta", theta)
    phi = require_finite("phi", phi)
    return np.array(
        [math.sin(theta) * math.cos(phi), math.sin(theta) * math.sin(phi), math.cos(theta)]
    )


def scalar_solution(
    dyn: ImpurityDynamics, omega: float, theta: float, phi: float = 0.0, primed: bool = False
):
    """The oblique-current solution superposed from the scalar equations.

    cos(theta) (scalar parallel solution) z^ + sin(theta) (scalar perpendicular solution) e_perp,
    e_perp = (cos phi, sin phi, 0), from :meth:`ImpurityDynamics.transfer` ((D7)-(D10); with
    ``primed`` (D8')/(D10')). Returns (Vc, Vr) as complex 3-vectors.
    """
    omega = _positive_omega(omega)
    if isinstance(dyn, VectorEquations):
        dyn = dyn.dyn
    u = direction_at(theta, phi)
    e_par = np.array([0.0, 0.0, 1.0])
    e_perp = np.array([math.cos(phi), math.sin(phi), 0.0])
    parts = {g: dyn.transfer(np.array([omega]), g, primed=primed) for g in GEOMETRIES}
    vc = (
        u[2] * parts["parallel"][0][0] * e_par
        + math.sin(theta) * parts["perpendicular"][0][0] * e_perp
    )
    vr = (
        u[2] * parts["parallel"][1][0] * e_par
        + math.sin(theta) * parts["perpendicular"][1][0] * e_perp
    )
    return vc, vr


def decoupling_check(
    dyn,
    omega: float,
    theta: float,
    phi: float = 0.0,
    rule=None,
    static_rule=None,
    primed: bool = False,
) -> float:
    """Relative difference between the vector and the scalar solutions.

    Relative difference between the vector solution of (14)-(15) for a current at polar angle
    ``theta`` (azimuth ``phi``) to the axis and :func:`scalar_solution`:
    max(abs(dVc) / abs(Vc), abs(dVr) / abs(Vr)) with abs(.) the Euclidean norm of the complex 3-vector.

    Equation (15) as printed holds the unprimed elastic terms (D8)/(D10), hence the default
    ``primed=False``; the primed forms agree at the equilibrium separation.
    """
    eq = _equations(dyn, rule, static_rule)
    vc, vr = eq.solve(omega, direction_at(theta, phi))
    sc, sr = scalar_solution(eq.dyn, omega, theta, phi, primed=primed)
    return float(
        max(
            np.linalg.norm(vc - sc) / np.linalg.norm(sc),
            np.linalg.norm(vr - sr) / np.linalg.norm(sr),
        )
    )
