"""flask program export / send-reminders."""


def test_export_writes_pdf_and_ics(runner, program, tmp_path):
    for name in ("kich-ban.pdf", "lich.ics"):
        result = runner.invoke(args=["program", "export", program.slug, str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert "5 segments" in result.output
    assert (tmp_path / "kich-ban.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "lich.ics").read_bytes().count(b"BEGIN:VEVENT") == 5
    result = runner.invoke(args=["program", "export", "nope", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no ceremony" in result.output
    result = runner.invoke(args=["program", "export", program.slug, str(tmp_path / "x.txt")])
    assert result.exit_code != 0


def test_send_reminders_command_runs(runner, program):
    result = runner.invoke(args=["program", "send-reminders"])
    assert result.exit_code == 0 and "sent 0 reminders" in result.output
