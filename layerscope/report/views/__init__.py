"""Each view of the data, built once as a format-neutral document."""
