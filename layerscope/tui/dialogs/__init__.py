"""Modal dialogs: export, filter, stack picker, settings and help."""
