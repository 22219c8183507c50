#!/usr/bin/env bash
# Run every test: SQLite always; PostgreSQL too when a server answers on 127.0.0.1:5432.
# Browser tests need Debian's chromium; without it they are skipped and the reason is printed.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if $BIN/python - <<'PY' 2>/dev/null
import psycopg
psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", connect_timeout=3).close()
PY
  then
    # A database of this run's own, dropped at the end: every test creates and drops a schema of ~60
    # tables, and the dead catalog rows of earlier runs in a shared database slow each of those down
    # (seen here: pg_attribute at 710 MB, pg_class with 3.4 M dead rows after a day of runs).
    RUN_DB="ceremony_test_$$"
    for old in $($BIN/python - <<'PY' 2>/dev/null
import psycopg
with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", connect_timeout=3) as c:
    for (name,) in c.execute("SELECT datname FROM pg_database WHERE datname LIKE 'ceremony\\_test\\_%'"):
        print(name)
PY
); do
      pid="${old#ceremony_test_}"
      if ! kill -0 "$pid" 2>/dev/null; then
        $BIN/python -c "import psycopg,sys; c=psycopg.connect('postgresql://postgres@127.0.0.1:5432/test', autocommit=True); c.execute('DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)' % sys.argv[1])" "$old"
      fi
    done
    $BIN/python -c "import psycopg,sys; c=psycopg.connect('postgresql://postgres@127.0.0.1:5432/test', autocommit=True); c.execute('CREATE DATABASE \"%s\" TEMPLATE template0 ENCODING UTF8' % sys.argv[1])" "$RUN_DB"
    # pg_trgm once, before the test processes start (two creating it at once can collide)
    $BIN/python -c "import psycopg,sys; psycopg.connect('postgresql://postgres@127.0.0.1:5432/%s' % sys.argv[1], autocommit=True).execute('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public')" "$RUN_DB"
    trap '$BIN/python -c "import psycopg,sys; c=psycopg.connect(\"postgresql://postgres@127.0.0.1:5432/test\", autocommit=True); c.execute(\"DROP DATABASE IF EXISTS \\\"%s\\\" WITH (FORCE)\" % sys.argv[1])" "$RUN_DB"' EXIT
    export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$RUN_DB"
    echo "make test: PostgreSQL answers on 127.0.0.1:5432; tests run on SQLite and PostgreSQL (database $RUN_DB, dropped after)"
  else
    echo "make test: no PostgreSQL server answered on 127.0.0.1:5432; PostgreSQL tests are SKIPPED"
  fi
fi
if [ -z "${TEST_REDIS_URL:-}" ]; then
  if $BIN/python -c "import redis; redis.Redis(host='127.0.0.1', port=6379, socket_timeout=2).ping()" 2>/dev/null; then
    export TEST_REDIS_URL="redis://127.0.0.1:6379/0"
  else
    echo "make test: no Redis server answered on 127.0.0.1:6379; Redis tests are SKIPPED"
  fi
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "make test: redis-server is missing (apt-get install -y redis-server); the live-channel fault tests are SKIPPED"
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "make test: /usr/bin/chromium is missing (apt-get install -y chromium); browser tests are SKIPPED"
fi

# Both cores: each worker has its own databases (SQLite files, PostgreSQL schemas) and Redis channels.
$BIN/python -m pytest -n "${TEST_WORKERS:-2}" "$@"
status=$?
# pytest's 5 means "no tests collected": that is a failure here, not a pass.
exit $status
