"""The directory's views: the public directory and the members' pages (Mina sidor), one module
per job; ``partners.urls`` names them through this package."""

from .account import account_delete, personal_data, personal_data_export
from .activities import (
    activity_create,
    activity_edit,
    activity_review_request,
    activity_status,
)
from .directory import activity_detail, activity_list, organisation_detail, organisation_list
from .membership import (
    invitation_accept,
    invitation_revoke,
    invite,
    member_make_owner,
    member_remove,
)
from .organisations import (
    dashboard,
    organisation_close,
    organisation_create,
    organisation_edit,
    organisation_manage,
    organisation_review_request,
)

__all__ = [
    "account_delete",
    "activity_create",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "activity_review_request",
    "activity_status",
    "dashboard",
    "invitation_accept",
    "invitation_revoke",
    "invite",
    "member_make_owner",
    "member_remove",
    "organisation_close",
    "organisation_create",
    "organisation_detail",
    "organisation_edit",
    "organisation_list",
    "organisation_manage",
    "organisation_review_request",
    "personal_data",
    "personal_data_export",
]
