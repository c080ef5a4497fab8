"""Renderers of documents: Rich (text, ANSI, HTML, SVG) and Markdown."""
