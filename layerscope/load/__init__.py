"""Reading stack files: safe YAML, the rules, located diagnostics and the cache."""
