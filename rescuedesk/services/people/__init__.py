"""The persons helped: registering and editing them, ID numbers, pinyin and blind search tokens,
finding duplicates, merging two records of one person, the bulk writer.
"""
