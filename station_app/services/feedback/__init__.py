"""Workers' feedback: the attendant's use cases (suggestions) and the exchange with HQ."""
