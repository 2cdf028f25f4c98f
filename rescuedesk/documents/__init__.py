"""Documents: referral letters and reports (reportlab). Never imports Qt."""
