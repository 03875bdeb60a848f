"""The scheduled job: sources, state, the steps of a watch, worker tasks, the dashboard and CI workflow files."""
