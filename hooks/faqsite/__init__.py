"""Generation logic of the FAQ site: load, validate, link, render and export. Imports nothing from MkDocs."""
