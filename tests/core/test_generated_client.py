"""A client generated from /api/v1/openapi.json with openapi-python-client drives a live server.

The document is read from the running server, the client generated into ``tmp_path`` with the
pinned generator of the virtualenv, imported, and a short organizer's scenario runs through it:
list ceremonies, read one, list its points, import delegates, issue invitations, download the
letters as PDF (bytes, not text) and a refused call (the typed Error with its field).
"""
from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
CONFIG = """\
project_name_override: ceremony-client
package_name_override: ceremony_client
content_type_overrides:
  application/pdf: application/octet-stream
  application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: application/octet-stream
"""
pytestmark = pytest.mark.sqlite_only


def _generate(server_url: str, tmp_path: Path):
    with urllib.request.urlopen(f"{server_url}/api/v1/openapi.json", timeout=30) as response:
        (tmp_path / "openapi.json").write_bytes(response.read())
    (tmp_path / "config.yml").write_text(CONFIG)
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([str(GENERATOR), "generate", "--path", "openapi.json", "--config", "config.yml",
                             "--meta", "none", "--output-path", str(tmp_path / "ceremony_client")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    # Every operation must be generated: a skipped endpoint is a warning naming it.
    assert "Unable to" not in result.stdout and "Unsupported" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    return importlib.import_module("ceremony_client")


@pytest.fixture
def generated(live_server, tmp_path):
    package = _generate(live_server.url, tmp_path)
    yield package
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n == "ceremony_client" or n.startswith("ceremony_client.")]:
        del sys.modules[name]


@pytest.mark.skipif(not GENERATOR.exists(), reason="openapi-python-client is not installed in the virtualenv")
def test_a_generated_client_runs_an_organizers_scenario(generated, live_server, db, make_ceremony, make_user):
    from ceremony.users.operations import create_api_token

    ceremony = make_ceremony(title="Lễ khai trương G-Quảng Ngãi")
    token = create_api_token(make_user("organizer"))
    db.session.commit()
    models = importlib.import_module("ceremony_client.models")
    client = importlib.import_module("ceremony_client").AuthenticatedClient(base_url=live_server.url, token=token,
                                                                            raise_on_unexpected_status=True)

    def call(module: str, **kwargs):
        domain, name = module.split(".")
        return importlib.import_module(f"ceremony_client.api.{domain}.{name}").sync_detailed(client=client, **kwargs)

    with client:
        page = call("ceremonies_api.list_ceremonies").parsed
        assert isinstance(page, models.CeremonyPage) and [c.title for c in page.items] == [ceremony.title]
        detail = call("ceremonies_api.get_ceremony", ceremony_id=ceremony.id).parsed
        assert detail.status == models.CeremonyDetailStatus.DRAFT and detail.site_counts["commune"] == 4
        sites = call("sites_api.list_sites", ceremony_id=ceremony.id, tier=models.ListSitesTier.DISTRICT).parsed
        assert sorted(s.code for s in sites.items) == ["522", "534", "536"]

        rows = [{"ho_ten": "Nguyễn Thị Ánh Tuyết", "chuc_vu": "Phó Chủ tịch UBND tỉnh", "ma_diem_cau": "51"},
                {"ho_ten": "Võ Minh Quân", "chuc_vu": "Chủ tịch UBND thị xã", "ma_diem_cau": "534"}]
        body = models.DelegateImportJson.from_dict({"rows": rows})
        imported = call("delegates_api.import_delegates", ceremony_id=ceremony.id, body=body)
        assert imported.status_code == 201 and imported.parsed.created == 2
        bad = models.DelegateImportJson.from_dict({"rows": [{"ho_ten": "Lê Ỷ", "ma_diem_cau": "99999"}]})
        refused = call("delegates_api.import_delegates", ceremony_id=ceremony.id, body=bad)
        assert refused.status_code == 422 and isinstance(refused.parsed, models.Error)
        assert refused.parsed.errors[0].row and refused.parsed.errors[0].field == "site_code"

        issued = call("invitations_api.issue_invitations", ceremony_id=ceremony.id,
                      body=models.InvitationIssue()).parsed
        assert issued.issued == 2 and all(f"/i/{i.token}" in i.url for i in issued.invitations)
        letters = call("invitations_api.get_invitation_pdf", ceremony_id=ceremony.id, site="534")
        assert letters.status_code == 200
        pdf = letters.parsed.payload.read()
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "Võ Minh Quân" in text and "Nguyễn Thị Ánh Tuyết" not in text

        missing = call("ceremonies_api.get_ceremony", ceremony_id=999999)
        assert missing.status_code == 404 and missing.parsed.status == "Not Found"
        assert json.loads(missing.content)["code"] == 404
