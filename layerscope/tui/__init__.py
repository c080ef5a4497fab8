"""The terminal app (Textual). Imported lazily by the CLI."""
