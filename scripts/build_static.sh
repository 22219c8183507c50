#!/usr/bin/env bash
# Vendor front-end packages from the npm registry into static/vendor (run by `make install`).
# Installs exactly what package-lock.json pins, then copies the browser builds the pages load.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  # Not fatal: the scanner still reads QR codes where the browser has BarcodeDetector; the
  # camera browser test skips, saying why.
  echo "build_static: npm is missing (apt-get install -y npm); static/vendor/jsQR.js is NOT built" >&2
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
mkdir -p static/vendor
# jsQR: the QR reader the gate scanner falls back to when the browser has no BarcodeDetector.
cp node_modules/jsqr/dist/jsQR.js static/vendor/jsQR.js
cp node_modules/jsqr/LICENSE static/vendor/jsQR.LICENSE
echo "build_static: static/vendor/jsQR.js ($(npm ls jsqr --depth=0 2>/dev/null | grep -o 'jsqr@[0-9.]*'))"
