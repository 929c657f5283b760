"""Settings this app adds to the project; imported by portal/settings/base.py."""
