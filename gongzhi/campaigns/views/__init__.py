"""The campaign pages (workbench shell): one module per part of the campaign."""
