"""Settings this app adds to the project; imported by portal/settings/base.py."""

from portal.settings.env import env_bool

# Index on publish/save through signals; switched off only for bulk loads that reindex after.
SEARCH_AUTO_UPDATE = env_bool("SEARCH_AUTO_UPDATE", True)
SEARCH_RESULTS_PER_PAGE = 20
# Above this many matches the database backend counts facets on an even sample of about
# SEARCH_FACET_SAMPLE_SIZE matches and shows the counts as estimates ("ca"); the total is
# always exact. Counting costs about 5 ms per 1,000 matches on PostgreSQL.
SEARCH_EXACT_FACETS_UP_TO = 5_000
SEARCH_FACET_SAMPLE_SIZE = 2_500
