"""The widget and console scripts: their build (widget/dist, `make widget`) is package data,
shipped in the wheel as server.widget (pyproject.toml maps this directory there; server/http/web.py
reads it with importlib.resources). This file only makes the directory a package; the sources in
src/ and node_modules/ stay out of the wheel."""
