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
    export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/test"
    echo "make test: PostgreSQL answers on 127.0.0.1:5432; tests run on SQLite and PostgreSQL"
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
