"""Who works the station: attendant accounts, what each role may do, and the audit trail."""
