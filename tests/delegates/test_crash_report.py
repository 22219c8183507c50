"""A worker that dies of a fatal signal leaves the Python traceback of its threads (faulthandler)."""
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_killed_by_sigsegv_writes_its_traceback(tmp_path):
    script = ("import os, signal, wsgi\n"
              "from ceremony.delegates.importing import read_csv\n"
              "def crash_in_the_reader(_value):\n"
              "    os.kill(os.getpid(), signal.SIGSEGV)\n"
              "import ceremony.delegates.importing as importing\n"
              "importing.normalise_text = crash_in_the_reader\n"
              "read_csv('ho_ten,ma_diem_cau\\nAn,51\\n'.encode())\n")
    env = {**os.environ, "CEREMONY_INSTANCE": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "SECRET_KEY": "crash-test", "CEREMONY_ENV": "development"}
    env.pop("PYTHONFAULTHANDLER", None)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == -signal.SIGSEGV
    assert "Fatal Python error: Segmentation fault" in done.stderr
    assert "crash_in_the_reader" in done.stderr and "read_csv" in done.stderr
