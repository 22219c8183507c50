"""WSGI entry point: ``gunicorn wsgi:app``.

``faulthandler`` is on in every worker: a worker killed by a fatal signal (SIGSEGV, SIGBUS, SIGFPE,
SIGABRT, SIGILL) writes the Python traceback of every thread to its stderr (gunicorn's error log)
before it dies, so a crash always says where it happened.
"""
import faulthandler

from ceremony import create_app

faulthandler.enable(all_threads=True)
app = create_app()
