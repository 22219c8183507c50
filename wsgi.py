"""WSGI entry point: ``gunicorn wsgi:app``."""
from ceremony import create_app

app = create_app()
