"""The numbers: period reports (weekly, monthly, ranges), their files, and the daily summaries
for headquarters."""
