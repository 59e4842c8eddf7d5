"""驿站 Station: the desktop app for a trade-union rest station for outdoor workers."""

__version__ = "0.1.0"
APP_NAME = "station-app"
