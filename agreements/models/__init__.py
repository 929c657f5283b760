"""The agreements app's models, one module per area, re-exported here."""

from .agreement import (  # noqa: F401
    EXPIRY_WARNING_DAYS,
    ActionPlanItem,
    AgreementDocument,
    AgreementIndexPage,
    AgreementPage,
    AgreementParty,
    Status,
    status_for,
)
from .knowledge import (  # noqa: F401
    MethodSupportIndexPage,
    MethodSupportPage,
    ProjectIndexPage,
    ProjectPage,
)
from .quotas import SettlementQuota, SettlementQuotaPage  # noqa: F401
