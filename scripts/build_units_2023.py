"""Write ceremony/sites/data/vn-units-2023.csv.gz from vietnam-provinces 0.5.0 (run once).

The project installs vietnam-provinces 2025.10.1 (the two-tier units in force since 1 July 2025);
one package name holds one version, so the three-tier units of 2023 ship as this data file instead.
Run it with a Python where 0.5.0 is installed, e.g.:

    python3 -m venv /tmp/vp05 && /tmp/vp05/bin/pip install vietnam-provinces==0.5.0
    /tmp/vp05/bin/python scripts/build_units_2023.py

Columns: code,name,tier,parent_code (the network CSV format of the import page), every province
of the package, parents before children in the package's order, names NFC. Gzip with mtime 0, so a
rerun on the same data gives the same bytes.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ceremony" / "sites" / "data" / "vn-units-2023.csv.gz"


def rows_from_nested(data: list[dict]) -> list[tuple[str, str, str, str]]:
    """(code, name, tier, parent_code) for every unit of 0.5.0's nested-divisions.json."""
    def nfc(text: str) -> str:
        return unicodedata.normalize("NFC", text.strip())

    rows = []
    for province in data:
        rows.append((str(province["code"]), nfc(province["name"]), "province", ""))
        for district in province["districts"]:
            rows.append((str(district["code"]), nfc(district["name"]), "district", str(province["code"])))
            for ward in district["wards"]:
                rows.append((str(ward["code"]), nfc(ward["name"]), "commune", str(district["code"])))
    return rows


def main() -> int:
    import vietnam_provinces

    from importlib.metadata import version
    installed = version("vietnam-provinces")
    if installed != "0.5.0":
        print(f"needs vietnam-provinces 0.5.0, found {installed}", file=sys.stderr)
        return 1
    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(("code", "name", "tier", "parent_code"))
    writer.writerows(rows_from_nested(data))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    print(f"{OUT}: {len(data)} provinces, {text.getvalue().count(chr(10)) - 1} units, "
          f"{OUT.stat().st_size} bytes (data {vietnam_provinces.__data_version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
