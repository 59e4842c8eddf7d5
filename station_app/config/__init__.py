"""Where the station's files live and the settings the attendant can change."""
