"""Maintainer checks of the trusted re-grade: the attack corpus and the grading corpus through the sandbox."""
