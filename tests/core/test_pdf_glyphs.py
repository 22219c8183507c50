"""Every PDF the app makes, from the two real demo ceremonies, draws every character with a glyph of an
embedded app font (cmap coverage read from the font files: ``tests/pdf_glyphs.py``)."""
import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from ceremony.core.pdf import register_fonts
from tests.pdf_glyphs import missing_glyphs_in_pdf, pdf_text


def test_the_check_finds_a_missing_glyph_and_a_foreign_font():
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont("Sans", 12)
    canvas.drawString(50, 700, "Đã kiểm tra ✓ Ω")  # U+2713 is not in Liberation Sans; Ω is
    canvas.setFont("Helvetica", 12)
    canvas.drawString(50, 600, "Tiêu đề")  # a standard font that is not embedded
    canvas.showPage()
    canvas.save()
    problems = missing_glyphs_in_pdf(out.getvalue())
    # reportlab draws ✓ with glyph 0 (.notdef), which reads back as NUL: the check names it.
    assert [p for p in problems if p[1] == "LiberationSans"] == [(1, "LiberationSans", "\x00")]
    assert {p[2] for p in problems if p[1] == "Helvetica"} >= {"T", "ê"}


def _run_the_show(db, ceremony, director):
    from ceremony.program import operations, queries

    operations.start_show(ceremony, director, override="tổng duyệt")
    operations.extend_segment(ceremony, director, 3)
    for segment in queries.list_segments(ceremony.id)[1:]:
        operations.next_segment(ceremony, director)
        if segment.kind.value == "launch":
            operations.fire_launch(ceremony, director, source="web")
    operations.next_segment(ceremony, director)
    db.session.commit()


@pytest.mark.sqlite_only  # the documents do not depend on the database
def test_every_pdf_of_the_demo_has_a_glyph_for_every_character(db, client, demo, login, make_user, clock):
    from ceremony.delegates.queries import DelegateFilter, list_delegates
    from ceremony.dossier.collect import collect
    from ceremony.invitations.operations import issue_invitations
    from ceremony.dossier.pdf import dossier_pdf
    from ceremony.readiness.queries import phases
    from ceremony.sites.models import Tier
    from ceremony.sites.queries import list_sites

    login("organizer")
    director = make_user("organizer")
    documents: dict[str, bytes] = {}
    for ceremony in demo:
        base = f"/ceremonies/{ceremony.id}"
        sites = list_sites(ceremony.id)
        some = [next(s for s in sites if s.tier is tier) for tier in (Tier.province, Tier.district, Tier.commune)
                if any(s.tier is tier for s in sites)]
        invited = {d.site_id for d in list_delegates(DelegateFilter(ceremony.id))}
        commune = next(s for s in reversed(sites) if s.id in invited and s.tier is not Tier.province)
        issue_invitations(ceremony.id)
        clock.set(ceremony.starts_at)
        _run_the_show(db, ceremony, director)
        urls = {
            "program": f"{base}/program.pdf",
            "timing report": f"{base}/program/timing.pdf",
            "letters": f"{base}/letters.pdf?site={commune.code}&confirm=1",
            "badges (sheet)": f"{base}/badges.pdf?site={commune.code}",
            "badges (single)": f"{base}/badges.pdf?site={commune.code}&format=single",
            "attendance report": f"{base}/attendance/report.pdf",
            "attendance report of a point": f"{base}/attendance/report.pdf?site={commune.id}",
        }
        urls.update({f"site kit {s.code}": f"{base}/readiness/sites/{s.id}/kit.pdf" for s in some})
        urls.update({f"readiness report {p.key}": f"{base}/readiness/report/{p.key}.pdf"
                     for p in phases(ceremony.id)[:2]})
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200 and response.data.startswith(b"%PDF-"), (name, response.status_code)
            documents[f"{ceremony.slug}: {name}"] = response.data
        documents[f"{ceremony.slug}: dossier"] = dossier_pdf(collect(ceremony))
    problems = {name: missing_glyphs_in_pdf(data)[:10] for name, data in documents.items()}
    assert not {name: found for name, found in problems.items() if found}
    for name, data in documents.items():  # each document has Vietnamese text to check
        assert any(ch in pdf_text(data) for ch in "ăâđêôơưĐ"), name
