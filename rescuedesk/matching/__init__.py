"""Family tracing: score an inquiry against the unidentified persons in care (issue #15).

Pure: reference data, the standard library, numpy and pypinyin; no session, no Qt. The
services load ``Described`` persons and ``Sought`` inquiries, this package ranks them.
"""
