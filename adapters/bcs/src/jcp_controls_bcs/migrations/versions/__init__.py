"""The revisions of the BCS schema, oldest first."""
