"""Read a rendered PDF back: its text (pypdf) and every QR code on every page (pdftoppm + zxing-cpp)."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader


def pdf_pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data), strict=True)
    return [page.extract_text() for page in reader.pages]


def pdf_qr_codes(data: bytes, tmp_path: Path, dpi: int = 150) -> list[list[str]]:
    """The texts of the QR codes found on each page, page by page."""
    pdf = tmp_path / "readback.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = []
    for png in sorted(tmp_path.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        with Image.open(png) as image:
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        pages.append([code.text for code in found])
    return pages


def pdf_text_positions(data: bytes) -> list[list[tuple[str, float, float]]]:
    """Every text run of each page with where it starts, in PDF points (origin at the lower left)."""
    reader = PdfReader(io.BytesIO(data), strict=True)
    pages = []
    for page in reader.pages:
        runs = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def pdf_qr_boxes(data: bytes, tmp_path: Path, dpi: int = 150) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's QR codes as (text, left, bottom, right, top) in PDF points (origin at the lower left)."""
    reader = PdfReader(io.BytesIO(data))
    heights = [float(page.mediabox.height) for page in reader.pages]
    pdf = tmp_path / "boxes.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / "box")], check=True)
    scale = 72 / dpi
    pages = []
    for png, height in zip(sorted(tmp_path.glob("box-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])), heights):
        with Image.open(png) as image:
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        boxes = []
        for code in found:
            p = code.position
            xs = [pt.x * scale for pt in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
            ys = [height - pt.y * scale for pt in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
            boxes.append((code.text, min(xs), min(ys), max(xs), max(ys)))
        pages.append(boxes)
    return pages


def assert_code_under_qr(runs, box, shown: str, within: float = 28) -> None:
    """``shown`` is printed right under the QR ``box``: centred on it, its baseline below the QR's
    bottom edge by less than ``within`` points."""
    _text, left, bottom, right, _top = box
    matches = [(x, y) for text, x, y in runs if text == shown]
    assert matches, f"{shown} is not printed"
    assert any(left - 20 <= x <= (left + right) / 2 and bottom - within <= y < bottom for x, y in matches), \
        (shown, matches, box)
