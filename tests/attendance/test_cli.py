"""flask attendance counts / report."""
from pypdf import PdfReader

from ceremony.attendance.operations import redeem_checkin


def test_counts_and_report(db, runner, invited, tmp_path):
    redeem_checkin(invited.ceremony, invited.token(0), "Cổng A", "d", "n")
    db.session.commit()
    result = runner.invoke(args=["attendance", "counts", invited.ceremony.slug])
    assert result.exit_code == 0 and "present 1/7" in result.output and "VIPs 1/1" in result.output
    out = tmp_path / "duc-pho.pdf"
    result = runner.invoke(args=["attendance", "report", invited.ceremony.slug, "--site", "534", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Điểm cầu: thị xã Đức Phổ" in text and "Võ Minh Quân" in text and "Nguyễn Thị Ánh Tuyết" not in text
    result = runner.invoke(args=["attendance", "report", "no-such", "-o", str(out)])
    assert result.exit_code != 0 and "no-such" in result.output
