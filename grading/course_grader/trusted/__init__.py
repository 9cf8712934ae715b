"""The trusted re-grade: answers run in a sandbox, hidden tests run outside it (see regrade.py)."""
