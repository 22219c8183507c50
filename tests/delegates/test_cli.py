import sqlalchemy as sa

from ceremony.delegates.models import Delegate
from tests.badges.readback import pdf_pages_text, pdf_qr_codes
from tests.delegates.conftest import make_rows, to_csv, to_xlsx


def _count(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Delegate))


def test_import_issue_letters_and_badges_from_the_shell(runner, db, ceremony, tmp_path):
    rows = make_rows(16)
    rows[9]["email"] = "sai"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(to_xlsx(rows))
    result = runner.invoke(args=["delegates", "import", ceremony.slug, str(bad)])
    assert result.exit_code != 0 and "row 11, field email" in result.output and _count(db) == 0
    rows[9]["email"] = ""
    good = tmp_path / "good.csv"
    good.write_bytes(to_csv(rows))
    assert "16 rows are valid" in runner.invoke(args=["delegates", "import", ceremony.slug, str(good),
                                                      "--dry-run"]).output
    assert _count(db) == 0
    result = runner.invoke(args=["delegates", "import", ceremony.slug, str(good)])
    assert result.exit_code == 0 and "imported 16" in result.output and _count(db) == 16
    letters = tmp_path / "letters.pdf"
    result = runner.invoke(args=["delegates", "letters", ceremony.slug, str(letters), "--site", "534"])
    assert result.exit_code != 0 and "chưa có giấy mời" in result.output
    result = runner.invoke(args=["delegates", "issue", ceremony.slug])
    assert result.exit_code == 0 and "16 delegates have an invitation" in result.output
    result = runner.invoke(args=["delegates", "letters", ceremony.slug, str(letters), "--site", "534"])
    assert result.exit_code == 0, result.output
    texts = pdf_pages_text(letters.read_bytes())
    assert len(texts) == 2 and all("GIẤY MỜI" in t for t in texts)
    badges = tmp_path / "badges.pdf"
    result = runner.invoke(args=["badges", "print", ceremony.slug, str(badges), "--format", "single"])
    assert result.exit_code == 0, result.output
    codes = pdf_qr_codes(badges.read_bytes(), tmp_path)
    assert len(codes) == 16 and all(len(c) == 1 and c[0].startswith("https://ceremony.test/i/c") for c in codes)
    export = tmp_path / "out.xlsx"
    assert "wrote 16 delegates" in runner.invoke(args=["delegates", "export", ceremony.slug, str(export)]).output
    assert runner.invoke(args=["delegates", "export", "no-such", str(export)]).exit_code != 0
