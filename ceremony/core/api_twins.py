"""Every page route that changes state, and the API operation(s) that do the same thing.

An organizer never needs a page the API cannot replace: ``tests/core/test_api_parity.py`` lists every
route of the app that accepts POST/PUT/PATCH/DELETE outside ``/api/`` and fails when it is missing here,
when an operationId named here is not in ``/api/v1/openapi.json``, or when an entry names a route
that no longer exists. A route whose twin another branch is adding is ``PENDING`` with who owns it;
the lead moves it to ``TWINS`` when that branch lands.
"""
from __future__ import annotations

# endpoint (blueprint.view) → operationIds of the API that call the same operation functions
TWINS: dict[str, tuple[str, ...]] = {
    # invitations: RSVP, substitutes, the one Giấy mời (issue 8, 8C)
    "invitations.answer": ("respondToInvitation",),
    "invitations.substitute": ("sendSubstitute",),
    "delegates.letter_settings_page": ("updateLetterSettings",),
    # ceremonies and their set-up (issue 8, 8A)
    "ceremonies.new": ("createCeremony",),
    "ceremonies.edit": ("updateCeremony",),
    "ceremonies.set_status": ("changeCeremonyStatus",),
    "setup.from_past": ("createCeremonyFromPast",),
    "setup.from_template": ("createCeremonyFromTemplate",),
    "setup.add_points": ("applyNetworkToCeremony",),
    "readiness.apply_defaults": ("applyReadinessDefaults",),
    "delegates.categories": ("createCategory",),
    "delegates.update_category": ("updateCategory",),
    "delegates.move_category": ("reorderCategories",),
    "delegates.merge_category": ("mergeCategory",),
    "delegates.delete_category": ("deleteCategory",),
    "readiness.checklist": ("createChecklistItem", "updateChecklistItem"),
    "readiness.delete_item": ("deleteChecklistItem",),
    "readiness.add_window": ("createReadinessWindow",),
    "readiness.window": ("updateReadinessWindow",),
    "readiness.delete_window": ("deleteReadinessWindow",),
    "followup.new_task": ("createFollowup",),
    "followup.edit_task": ("updateFollowup",),
    "followup.delete_task": ("deleteFollowup",),
    # reference networks and points (issue 8, 8B)
    "sites.networks": ("importReferenceNetwork", "importNetworkCsv"),
    "sites.import_builtin": ("importReferenceNetwork",),
    "sites.apply_network": ("applyNetworkToCeremony",),
    "sites.edit_site": ("updateSite",),
    # self-test, campaign, unit reports, dossier (issues 14, 15): mapped when they landed on main
    "selftest.thresholds": ("updateSelfTestThresholds",),
    "selftest.bridge": ("updateBridgeDetails",),
    "campaign.add_member": ("createTeamMember",),
    "campaign.edit_member": ("updateTeamMember", "deleteTeamMember"),
    "campaign.import_members": ("importTeamMembers",),
    "campaign.index": ("createCampaign",),
    "campaign.settings": ("updateCampaign",),
    "campaign.operator_record": ("recordCampaignResult",),
    "campaign.member_page": ("recordCampaignResult",),
    "campaign.account_record": ("recordCampaignResult",),
    "reports.index": ("createReportUnit", "createReportRequest"),
    "reports.unit_report": ("submitUnitReport",),
    "reports.unit_link_report": ("submitUnitReport",),
    "reports.review": ("reviewUnitReport",),
    "dossier.generate": ("generateCeremonyDossier",),
    # attendance
    "attendance.headcount": ("reportHeadcount",),
    "attendance.present": ("markPresent",),
    # delegates and invitations
    "delegates.import_page": ("importDelegates",),       # the page's preview = ?dry_run=true
    "delegates.confirm_import": ("importDelegates",),
    "delegates.confirm_job": ("confirmDelegateJob",),       # a big list checked by a job, then imported
    "delegates.issue": ("issueInvitations",),
    # follow-up
    "followup.report": ("submitFollowupReport",),
    # program
    "program.add_segment": ("createSegment",),
    "program.edit_segment": ("updateSegment",),
    "program.delete_segment": ("deleteSegment",),
    "program.move_segment": ("reorderSegments",),
    "program.reorder": ("reorderSegments",),
    "program.duplicate": ("copyProgram",),
    "program.upload_media": ("uploadSegmentMedia",),
    "program.refresh_introduction": ("refreshIntroduction",),
    "program.director_action": ("advanceShow", "fireLaunch"),
    # readiness
    "readiness.operator_account": ("reportReadiness",),
    "readiness.operator_link": ("reportReadiness",),     # with the link's token in X-Site-Token
    "readiness.revoke": ("revokeOperatorLink",),
    # webhooks
    "webhooks.index": ("createWebhookEndpoint",),
    "webhooks.endpoint": ("updateWebhookEndpoint",),
    "webhooks.delete": ("deleteWebhookEndpoint",),
    "webhooks.replay": ("replayWebhookDelivery",),
    # accounts (issue 9)
    "users.end_sessions": ("endUserSessions",),
}

# endpoint → who adds its twin (issue / helper); the test accepts these until they land.
PENDING: dict[str, str] = {}

# Routes that change only the browser's own session: the API has no session to change.
EXEMPT: dict[str, str] = {
    "users.login": "starts a browser session; API clients send a bearer token instead",
    "users.logout": "ends a browser session; API clients revoke a token (revokeApiToken)",
    "users.password": "the logged-in person's own password, typed with the current one; an API client "
                      "holds a token, not a password (an organizer ends sessions with endUserSessions)",
}
