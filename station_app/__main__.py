"""`python -m station_app` runs the same entry point as `station-app`."""

import sys

from station_app.cli import main

sys.exit(main())
