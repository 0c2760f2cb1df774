"""The IPython kernel's configuration for the book's builds and runs (IPYTHONDIR=scripts/ipython).

The kernels of ``make book``, ``make test`` and ``make run`` are started by nbclient on the
loopback interface with jupyter_client's default TCP transport; ipykernel then warns, once per
kernel, that the connection is not encrypted. The kernel is local to the build, started and
stopped by it, so the warning carries no information here: this filter drops exactly that
message and nothing else the kernel logs.
"""

import logging


class _LocalTcpWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "running over TCP without encryption" not in record.getMessage()


logging.getLogger("IPKernelApp").addFilter(_LocalTcpWarning())
