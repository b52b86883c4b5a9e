"""Browsing without a query: the category catalog and search-box suggestions."""
