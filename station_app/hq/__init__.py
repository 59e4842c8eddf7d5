"""The headquarters service: receives the stations' daily summaries and rolls them up.

Optional (``pip install station-app[hq]``): the station app never imports this package.
SQLite for a district, PostgreSQL for a city or province; the same code on both.
"""
