"""Stream a long PDF: pages are built in small chunks and written out as each chunk is done.

reportlab keeps a whole document in memory until it saves. For 5,000 badges or letters we build
one small PDF per chunk of pages (with reportlab, as usual), then copy that chunk's objects into
one output file straight away, renumbered, with every page hung under one page tree written at
the end. Memory stays at one chunk whatever the length; fonts are embedded once per chunk.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
CATALOG_ID, PAGES_ID = 1, 2


class _Output:
    def __init__(self) -> None:
        self.offset = 0
        self.offsets: dict[int, int] = {}
        self.next_id = 3
        self.page_ids: list[int] = []

    def allocate(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def obj(self, number: int, body: bytes) -> bytes:
        self.offsets[number] = self.offset
        data = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        self.offset += len(data)
        return data


def _serialise(obj) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def _chunk_objects(out: _Output, data: bytes) -> Iterator[bytes]:
    """Copy every object the pages of one PDF need, renumbered into ``out``."""
    reader = PdfReader(io.BytesIO(data))
    numbers: dict[tuple[int, int], int] = {}
    queue: list[tuple[int, int]] = []
    page_keys = set()

    def renumber(ref: IndirectObject) -> IndirectObject:
        key = (ref.idnum, ref.generation)
        if key not in numbers:
            numbers[key] = out.allocate()
            queue.append(key)
        return IndirectObject(numbers[key], 0, None)

    def convert(value):
        if isinstance(value, IndirectObject):
            return renumber(value)
        if isinstance(value, (DictionaryObject, StreamObject)):
            for name in list(value.keys()):
                value[name] = convert(dict.__getitem__(value, name))
            return value
        if isinstance(value, ArrayObject):
            for index in range(len(value)):
                value[index] = convert(list.__getitem__(value, index))
            return value
        return value

    for page in reader.pages:
        ref = page.indirect_reference
        page_keys.add((ref.idnum, ref.generation))
        out.page_ids.append(renumber(ref).idnum)
    while queue:
        key = queue.pop()
        obj = reader.get_object(IndirectObject(key[0], key[1], reader))
        if key in page_keys:
            obj = DictionaryObject({name: dict.__getitem__(obj, name) for name in obj.keys() if name != "/Parent"})
            convert(obj)
            obj[NameObject("/Parent")] = IndirectObject(PAGES_ID, 0, None)
        else:
            convert(obj)
        yield out.obj(numbers[key], _serialise(obj))


def stream_pdf(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """One PDF from the pages of several small PDFs, produced piece by piece."""
    out = _Output()
    out.offset = len(HEADER)
    yield HEADER
    for chunk in chunks:
        yield from _chunk_objects(out, chunk)
    kids = b" ".join(b"%d 0 R" % n for n in out.page_ids)
    yield out.obj(PAGES_ID, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(out.page_ids), kids))
    yield out.obj(CATALOG_ID, b"<< /Type /Catalog /Pages %d 0 R >>" % PAGES_ID)
    size = out.next_id
    lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
    for number in range(1, size):
        lines.append(b"%010d 00000 n \n" % out.offsets[number])
    lines.append(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, CATALOG_ID, out.offset))
    yield b"".join(lines)


def write_pdf(chunks: Iterable[bytes], stream) -> int:
    """Write the streamed PDF to a binary file object; returns the number of bytes written."""
    written = 0
    for piece in stream_pdf(chunks):
        stream.write(piece)
        written += len(piece)
    return written
