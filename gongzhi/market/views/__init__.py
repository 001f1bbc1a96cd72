"""The market pages: the economic bureau's desk and the public listing pages."""
