"""The demo and benchmark station generator: a believable year (or five) of a station in Hefei.

Not a use case: it writes rows in bulk, as the app would have written them, to try the app,
its reports and its speed."""
