"""The office: who works here and what each may do (roles, scopes), accounts and log-in, the audit
trail and its queries, the directory of units and agencies, settings.
"""
