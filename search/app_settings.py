"""Settings this app adds to the project; imported by portal/settings/base.py."""

from portal.settings.env import env_bool

# Index on publish/save through signals; switched off only for bulk loads that reindex after.
SEARCH_AUTO_UPDATE = env_bool("SEARCH_AUTO_UPDATE", True)
SEARCH_RESULTS_PER_PAGE = 20
