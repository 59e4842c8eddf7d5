"""What the command line's exit status means, for scripts and scheduled tasks."""

EXIT_OK = 0
EXIT_REFUSED = 1  # the use case said no (bad input, a rule); the message says why
EXIT_UNUSABLE = 2  # the data folder or database cannot be used
EXIT_FAILED = 1  # --self-test: a step did not give what it should
