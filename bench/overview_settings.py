"""The benchmark settings with the overview pages' kept parts turned off
(``bench/overview_pages.py --cold``): every request renders every section, the county table and
the gaps from the database."""

from portal.settings.bench import *  # noqa: F403

PORTAL_OVERVIEW_FRAGMENT_SECONDS = 0
