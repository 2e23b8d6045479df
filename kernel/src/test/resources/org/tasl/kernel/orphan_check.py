"""Starts the tasl kernel with jupyter_client, prints its pid, then dies without shutting it down.

The kernel must notice that its client (this process, its JPY_PARENT_PID) is gone and exit;
KernelClientsTest watches the printed pid (and kills it if it lingers).
"""

import os
import signal

from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="tasl", startup_timeout=600)
pid = km.provisioner.pid if getattr(km, "provisioner", None) is not None else km.kernel.pid
print("kernel pid %d" % pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
