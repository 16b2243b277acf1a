"""The Jinja2 templates of the pages: package data, shipped in the wheel as server.templates
(pyproject.toml maps this directory there; server/http/web.py reads it with importlib.resources).
This file only makes the directory a package."""
