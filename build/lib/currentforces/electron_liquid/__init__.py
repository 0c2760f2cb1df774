"""The homogeneous electron liquid: density, correlation energy, response and kernels.

- :mod:`.gas`: :class:`ElectronGas` (rs, n, kF, omega_p);
- :mod:`.correlation`, :mod:`.lda`: correlation energies (PZ81, PW92) and the LDA potential;
- :mod:`.lindhard`: the Kohn-Sham (Lindhard) response chi_s;
- :mod:`.kernels`: the exchange-correlation kernels (RPA, ALDA, static MCP07, MCP07, rMCP07);
- :mod:`.response`: the interacting chi of Eq. (17) and its frequency derivative;
- :mod:`.dielectric`, :mod:`.current_response`: the screened field, Drude relation and current
  response of Appendices A and B;
- :mod:`.sum_rules`, :mod:`.thomas_fermi`: the f-sum and Kramers-Kronig residuals, and the
  Thomas-Fermi closed forms used as checks.
"""

from .gas import ElectronGas
from .kernels import XCKernel, make_kernel
from .response import chi_interacting

__all__ = ["ElectronGas", "XCKernel", "chi_interacting", "make_kernel"]
