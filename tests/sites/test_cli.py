import sqlalchemy as sa

from ceremony.sites.models import ReferenceNetwork


def test_import_csv_command_refuses_a_bad_file_with_its_line(runner, db, tmp_path):
    path = tmp_path / "net.csv"
    path.write_text("code,name,tier,parent_code\n51,Tỉnh Quảng Ngãi,province,\n522,TP Quảng Ngãi,district,\n", encoding="utf-8")
    result = runner.invoke(args=["sites", "import-csv", str(path), "--key", "x"])
    assert result.exit_code != 0
    assert "line 3, field parent_code" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReferenceNetwork)) == 0


def test_import_package_command_both_sets(runner, db):
    result = runner.invoke(args=["sites", "import-package", "--province", "51"])
    assert result.exit_code == 0, result.output
    assert "imported vn-51-2025: 97 units" in result.output
    result = runner.invoke(args=["sites", "import-package", "--province", "51", "--set", "2023"])
    assert result.exit_code == 0, result.output
    assert "imported vn-51-2023: 187 units" in result.output
    keys = set(db.session.scalars(sa.select(ReferenceNetwork.key)))
    assert keys == {"vn-51-2025", "vn-51-2023"}


def test_import_package_command_unknown_province_exits_non_zero(runner, db):
    result = runner.invoke(args=["sites", "import-package", "--province", "2", "--set", "2025"])
    assert result.exit_code != 0
    assert "Bộ dữ liệu 2025 không có tỉnh mã 2" in result.output  # Vietnamese, the default language
