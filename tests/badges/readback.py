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
