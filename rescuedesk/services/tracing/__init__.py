"""Family tracing (issue #15): families' inquiries, and matching them with persons in care."""
