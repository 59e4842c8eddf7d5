"""The station itself: its profile and lists, settings changes, backups, the start-up check
of its database file, and the licences it ships."""
