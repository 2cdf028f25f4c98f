"""Reference data: administrative divisions, ethnic groups, nationalities."""
