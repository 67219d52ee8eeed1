"""Server-rendered pages (Jinja2, plain form posts) for handlers, offices and liaisons."""
