"""The after-launch operations are in the OpenAPI document, each with its operationId."""


def test_operations_are_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    ids = {op.get("operationId") for item in spec["paths"].values() for op in item.values() if isinstance(op, dict)}
    assert {"listTeamMembers", "createTeamMember", "updateTeamMember", "deleteTeamMember", "importTeamMembers",
            "listCampaigns", "createCampaign", "updateCampaign", "recordCampaignResult", "getCampaignProgress",
            "listReportUnits", "createReportUnit", "listUnitReports", "createReportRequest", "submitUnitReport",
            "reviewUnitReport", "getUnitReportFile", "getCeremonyDossier", "generateCeremonyDossier",
            "getCeremonyDossierFile"} <= ids
    submit = spec["paths"]["/api/v1/ceremonies/{ceremony_id}/unit-reports/{request_id}/units/{unit_id}"]["post"]
    assert "multipart/form-data" in submit["requestBody"]["content"]
