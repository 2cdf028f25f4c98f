"""Reference data: administrative divisions, ethnic groups, nationalities, and how Chinese
names read (pinyin search keys)."""
