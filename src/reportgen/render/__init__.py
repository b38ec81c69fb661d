"""Rendering, shared by every output format:

- `layout`: each table's printed grid (merges, header cells, value cells) from the edition declaration;
- `view`: what a report prints, in order (title, preamble, the six sections, sign-off);
- `values`: how figures, dates and titles are written;
- `html`: the HTML page or fragment, from the Jinja2 templates in templates/html/.
"""
