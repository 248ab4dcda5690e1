"""PLACEHOLDER (being replaced): the network page."""
from kg import atomic


def write_html(graph, path):
    atomic.write_text(path, "<html><body>placeholder</body></html>")
