"""HTML pages of the case workbench: thin views over ``access``, ``selectors`` and ``services``."""
