"""Varnish on loopback with the project's VCL (deploy/varnish.vcl), for tests and the bench.

Debian's package (``apt-get install varnish varnish-modules``) does not start its own
service here; this starts ``varnishd`` in the foreground from a folder of its own, in
front of one app server, and stops it by its process id.
"""

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .servers import PROJECT, free_port, stop_process

VCL = PROJECT / "deploy" / "varnish.vcl"
INSTALL_HINT = "varnishd not found: apt-get install varnish varnish-modules"


def varnishd() -> str | None:
    return shutil.which("varnishd") or next(
        (path for path in ("/usr/sbin/varnishd",) if Path(path).exists()), None
    )


def vcl_for(backend_port: int) -> str:
    """The shipped VCL, its backend pointed at this app server's port."""
    text = VCL.read_text()
    pointed = text.replace('.port = "8000";', f'.port = "{backend_port}";')
    assert pointed != text, "deploy/varnish.vcl no longer names its backend port as 8000"
    return pointed


@dataclass
class Varnish:
    origin: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def start_varnish(folder: Path, backend_port: int, *, memory: str = "64m") -> Varnish:
    binary = varnishd()
    if binary is None:
        raise FileNotFoundError(INSTALL_HINT)
    folder.mkdir(parents=True, exist_ok=True)
    vcl = folder / "site.vcl"
    vcl.write_text(vcl_for(backend_port))
    port = free_port()
    log = folder / "varnishd.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                binary,
                "-F",
                "-n",
                str(folder / "work"),
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                "none",
                # No privilege separation: a test's folder is its own user's alone, and
                # varnishd's own user could not read the VCL in it.
                "-j",
                "none",
                "-f",
                str(vcl),
                "-s",
                f"malloc,{memory}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    varnish = Varnish(origin=f"http://127.0.0.1:{port}", process=process, log=log)
    wait_until_listening(varnish)
    return varnish


def wait_until_listening(varnish: Varnish, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if varnish.process.poll() is not None:
            raise RuntimeError(f"varnishd exited:\n{varnish.log_tail()}")
        try:
            # PURGE without keys: Varnish answers it itself (400), the backend is not asked.
            request = urllib.request.Request(varnish.origin + "/", method="PURGE")
            urllib.request.urlopen(request, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"varnishd did not answer in {seconds} s:\n{varnish.log_tail()}")


def stop_varnish(varnish: Varnish) -> None:
    stop_process(varnish.process)
