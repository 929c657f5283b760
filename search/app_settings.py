"""Settings this app adds to the project; imported by portal/settings/base.py."""

from portal.settings.env import env_bool

# Index on publish/save through signals; switched off only for bulk loads that reindex after.
SEARCH_AUTO_UPDATE = env_bool("SEARCH_AUTO_UPDATE", True)
SEARCH_RESULTS_PER_PAGE = 20
# Above this many matches (estimated on PostgreSQL from a sample of one entry in 64) the
# database backend counts the total and the facets on the sample and shows them as estimates
# ("ca"), and ranks a capped set of candidates instead of every match.
SEARCH_EXACT_UP_TO = 3_000
