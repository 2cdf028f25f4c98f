"""What leaves the office in numbers: the de-identified export, the annual report, and the
(optionally encrypted) files they are written to.
"""
