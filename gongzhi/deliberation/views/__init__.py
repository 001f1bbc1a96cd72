"""The deliberation pages: ``pages`` (overview, village, matter, public page) and ``entry``."""
