"""De-identification: generalisation hierarchies, k-anonymity / l-diversity search, risk."""
