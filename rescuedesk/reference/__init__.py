"""Reference data: administrative divisions, ethnic groups, nationalities and languages (ISO
codes with their Chinese names), and how Chinese names read (pinyin search keys)."""
